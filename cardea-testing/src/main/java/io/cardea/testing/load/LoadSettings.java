package io.cardea.testing.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link SteadyLoad} runs against and how hard. Bounded on purpose: loopback only, at most
 * {@value #MAX_CONCURRENCY} virtual users, and it stops by itself after {@code maxDuration}.
 *
 * @param baseUrl    the gateway (or one instance), on 127.0.0.1
 * @param client     a confidential client allowed client_credentials and the authorization code flow
 * @param identities existing identities the virtual users sign in as
 * @param pause      each virtual user's pause between two actions, which keeps the load steady
 */
public record LoadSettings(URI baseUrl, Client client, List<Identity> identities, int concurrency, Duration pause,
        Duration requestTimeout, Duration maxDuration) {

    public static final int MAX_CONCURRENCY = 64;
    public static final Duration MAX_DURATION = Duration.ofMinutes(30);

    /** An identity that exists on the deployment. */
    public record Identity(String email, String password) {
        @Override
        public String toString() {
            return "Identity[email=" + email + "]";
        }
    }

    /** The probe client, with a redirect URI it registered (never followed: the code is read from it). */
    public record Client(String clientId, String secret, String redirectUri) {
        @Override
        public String toString() {
            return "Client[clientId=" + clientId + "]";
        }
    }

    public LoadSettings {
        if (!"127.0.0.1".equals(baseUrl.getHost())) {
            throw new IllegalArgumentException("the load goes to 127.0.0.1 only, not " + baseUrl);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency is 1 to " + MAX_CONCURRENCY + ", not " + concurrency);
        }
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("the load needs at least one identity to sign in as");
        }
        if (maxDuration.compareTo(MAX_DURATION) > 0 || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration is at most " + MAX_DURATION + ", not " + maxDuration);
        }
        String base = baseUrl.toString();
        baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        identities = List.copyOf(identities);
    }

    /** Settings with a 10 ms pause, 10 s per request and at most 10 minutes. */
    public static LoadSettings of(URI baseUrl, Client client, List<Identity> identities, int concurrency) {
        return new LoadSettings(baseUrl, client, identities, concurrency, Duration.ofMillis(10), Duration.ofSeconds(10),
                Duration.ofMinutes(10));
    }
}
