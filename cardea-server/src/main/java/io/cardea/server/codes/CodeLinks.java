package io.cardea.server.codes;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The links mails carry: the issuer ({@code CARDEA_OAUTH2_ISSUER}) when set, else the address the
 * request came to (its scheme and host as the trusted proxy forwarded them), then the page.
 */
public final class CodeLinks {

    private final String issuer;

    CodeLinks(String issuer) {
        this.issuer = issuer == null || issuer.isBlank() ? null : issuer.replaceAll("/+$", "");
    }

    /** The address of the server's pages, without a trailing slash. */
    public String base(HttpServletRequest request) {
        if (issuer != null) {
            return issuer;
        }
        boolean defaultPort = request.getServerPort() == ("https".equals(request.getScheme()) ? 443 : 80);
        return request.getScheme() + "://" + request.getServerName() + (defaultPort ? "" : ":" + request.getServerPort())
                + request.getContextPath();
    }

    /** {@code path} on this server with the link's secret as {@code token}. */
    public String to(HttpServletRequest request, String path, String linkSecret) {
        return base(request) + path + "?token=" + URLEncoder.encode(linkSecret, StandardCharsets.UTF_8);
    }
}
