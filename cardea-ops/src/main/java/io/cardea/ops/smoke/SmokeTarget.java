package io.cardea.ops.smoke;

import java.net.URI;
import java.time.Duration;

/**
 * What the smoke test runs against: one instance (or the gateway) at {@code url}, and the
 * credentials of the probe. {@code issuer} is the issuer its tokens must carry: the public URL when
 * {@code url} is one instance behind a gateway, otherwise {@code url} itself. A missing credential
 * fails the checks that need it.
 */
public record SmokeTarget(URI url, URI issuer, String adminToken, ProbeIdentity identity, ProbeClient client,
        Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SmokeTarget {
        url = withoutTrailingSlash(url);
        issuer = issuer == null ? url : withoutTrailingSlash(issuer);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** A person the smoke test signs in as. */
    public record ProbeIdentity(String email, String password) {
        @Override
        public String toString() {
            return "ProbeIdentity[email=" + email + "]";
        }
    }

    /** A confidential OAuth2 client the smoke test asks for a client_credentials token. */
    public record ProbeClient(String clientId, String secret) {
        @Override
        public String toString() {
            return "ProbeClient[clientId=" + clientId + "]";
        }
    }

    @Override
    public String toString() {
        return "SmokeTarget[url=" + url + ", issuer=" + issuer + "]";
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
