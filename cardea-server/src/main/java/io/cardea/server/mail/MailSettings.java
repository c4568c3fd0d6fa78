package io.cardea.server.mail;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how Cardea sends mail (env {@code CARDEA_MAIL_*}; docs/mail.md).
 *
 * @param from the sender, e.g. {@code "Example <no-reply@example.com>"}
 * @param smtp the SMTP server; no host, no SMTP
 * @param folder instead of SMTP, each message is written to this folder as a {@code .eml} file and
 *     its link logged: for development ({@code cardea dev} sets it), never for production
 * @param templates a folder whose {@code mail/} templates replace Cardea's own of the same name
 * @param maxAttempts deliveries tried before a message is marked failed
 * @param retryAfter the wait before the second attempt; it doubles with each attempt, up to an hour
 * @param pollInterval how often each instance looks for mail to deliver
 * @param claimLease how long an instance holds the messages it took before another may take them
 *     over: longer than a batch of sends takes, so that only a dead instance's messages are
 */
@ConfigurationProperties("cardea.mail")
public record MailSettings(@DefaultValue("Cardea <no-reply@localhost>") String from, @DefaultValue Smtp smtp,
        Path folder, Path templates, @DefaultValue("8") int maxAttempts, @DefaultValue("30s") Duration retryAfter,
        @DefaultValue("1s") Duration pollInterval, @DefaultValue("5m") Duration claimLease) {

    /**
     * @param security {@code starttls} (required, the default), {@code tls} (implicit, usually port
     *     465) or {@code none} (a relay on this host only)
     * @param username empty: no authentication
     * @param trustedCertificates a PEM file of the certificates (a private CA's, or the server's own)
     *     to trust for the server's TLS instead of the Java runtime's; none: the runtime's
     */
    public record Smtp(String host, @DefaultValue("587") int port, @DefaultValue("starttls") String security,
            String username, String password, @DefaultValue("30s") Duration timeout, Path trustedCertificates) {

        public Smtp {
            if (!java.util.List.of("starttls", "tls", "none").contains(security)) {
                throw new IllegalArgumentException("cardea.mail.smtp.security is starttls, tls or none; got '"
                        + security + "'");
            }
        }

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                    + ", trustedCertificates=" + trustedCertificates + "]";
        }
    }

    public MailSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("cardea.mail.max-attempts must be 1 or more, got " + maxAttempts);
        }
        for (Duration d : new Duration[] {retryAfter, pollInterval, claimLease}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(
                        "cardea.mail.retry-after, poll-interval and claim-lease must be positive");
            }
        }
        if (!from.contains("@")) {
            throw new IllegalArgumentException("cardea.mail.from must hold an address, e.g. "
                    + "\"Example <no-reply@example.com>\"; got '" + from + "'");
        }
    }

    /** Whether this instance can deliver mail: an SMTP host or a folder is set. */
    public boolean configured() {
        return folder != null || (smtp.host() != null && !smtp.host().isBlank());
    }

    /** The domain of the sender's address, which Message-IDs end with. */
    String domain() {
        String address = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.indexOf('>')) : from;
        return address.substring(address.indexOf('@') + 1).strip();
    }
}
