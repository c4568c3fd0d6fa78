package io.cardea.server.codes;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.security.web.util.UrlUtils;

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
        // As Spring's authorization server makes the issuer from a request (oauth2/TokenShortcut too).
        return UrlUtils.buildFullRequestUrl(request.getScheme(), request.getServerName(), request.getServerPort(),
                request.getContextPath(), null);
    }

    /** {@code path} on this server with the link's secret as {@code token}. */
    public String to(HttpServletRequest request, String path, String linkSecret) {
        return base(request) + path + "?token=" + URLEncoder.encode(linkSecret, StandardCharsets.UTF_8);
    }
}
