package io.cardea.server.mail;

import io.cardea.server.keys.SystemSecret;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Delivers the outbox's mail, on every instance. A message is claimed for a lease before it is sent
 * ({@code FOR UPDATE SKIP LOCKED}), and the lease renewed just before its send, so two instances
 * never take the same one; an instance that dies mid-send leaves its claim to expire, and another
 * sends the message again under the same Message-ID: at most one duplicate, never a loss. A failed attempt is retried later, each wait
 * twice the last, until {@code cardea.mail.max-attempts}; then the message is marked failed, for
 * the admin API and {@code /metrics}.
 */
public final class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    /** Messages claimed at once; each one's lease (cardea.mail.claim-lease) is renewed as its turn comes. */
    static final int BATCH = 20;
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final SystemSecret secret;
    private final MailTransport transport;
    private final MailSettings settings;
    private final String instance;
    private final MeterRegistry registry;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** @param transport where messages go; null on an instance without mail settings, which sends nothing */
    MailDelivery(JdbcClient jdbc, SystemSecret secret, MailTransport transport, MailSettings settings,
            String instance, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.secret = secret;
        this.transport = transport;
        this.settings = settings;
        this.instance = instance;
        this.registry = registry;
        registry.gauge("cardea.mail.outbox", Tags.of("state", "queued"), queued);
        registry.gauge("cardea.mail.outbox", Tags.of("state", "failed"), failed);
    }

    private record Claimed(UUID id, String messageId, String recipient, String purpose, byte[] sealed, int attempts) {}

    /** Every {@code cardea.mail.poll-interval}, on an instance that can send (one with a transport). */
    @Scheduled(fixedDelayString = "${cardea.mail.poll-interval:1s}")
    void scheduled() {
        if (transport != null) {
            deliverDue();
        }
    }

    /** Sends what is due, batch by batch, until nothing is; returns how many were sent. A failure waits for the next run. */
    public int deliverDue() {
        int sent = 0;
        try {
            List<Claimed> batch;
            do {
                batch = claim();
                try (MailTransport.Connection connection = transport.open()) {
                    for (Claimed c : batch) {
                        sent += deliver(c, connection) ? 1 : 0;
                    }
                }
            } while (batch.size() == BATCH);
            count();
        } catch (RuntimeException e) {
            log.warn("could not deliver the outbox's mail; will try again: {}", e.getMessage());
        }
        return sent;
    }

    private List<Claimed> claim() {
        return jdbc.sql("""
                UPDATE mail_outbox SET claimed_by = :instance, claimed_until = now() + :lease * interval '1 second',
                       attempts = attempts + 1
                 WHERE id IN (SELECT id FROM mail_outbox
                               WHERE state = 'queued' AND next_attempt_at <= now()
                                 AND (claimed_until IS NULL OR claimed_until < now())
                               ORDER BY next_attempt_at LIMIT :batch FOR UPDATE SKIP LOCKED)
                RETURNING id, message_id, recipient, purpose, sealed_message, attempts""")
                .param("instance", instance)
                .param("lease", settings.claimLease().toMillis() / 1000.0)
                .param("batch", BATCH)
                .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getString("message_id"),
                        rs.getString("recipient"), rs.getString("purpose"), rs.getBytes("sealed_message"),
                        rs.getInt("attempts")))
                .list();
    }

    private boolean deliver(Claimed c, MailTransport.Connection connection) {
        if (!renew(c)) {
            return false; // held up past the lease, and taken over by another instance
        }
        try {
            connection.send(c.messageId(), SealedMail.open(secret, c.messageId(), c.recipient(), c.purpose(),
                    c.sealed()));
        } catch (SendFailedException e) {
            giveUp(c, "refused by the mail server: " + why(e));
            return false;
        } catch (MessagingException | RuntimeException e) {
            if (c.attempts() >= settings.maxAttempts()) {
                giveUp(c, "attempt " + c.attempts() + " of " + settings.maxAttempts() + ": " + why(e));
            } else {
                Duration wait = retryWait(c.attempts());
                log.info("mail {} ({}) not delivered, attempt {} of {}; next in {}s: {}", c.messageId(), c.purpose(),
                        c.attempts(), settings.maxAttempts(), wait.toSeconds(), why(e));
                update(c, "state = 'queued', next_attempt_at = now() + :wait * interval '1 millisecond', last_error = :error",
                        wait.toMillis(), why(e));
                outcome("retry");
            }
            return false;
        }
        update(c, "state = 'sent', sent_at = now(), sealed_message = NULL, last_error = NULL", 0, null);
        outcome("sent");
        return true;
    }

    /**
     * What went wrong, for the operator: the failure and, when it was caused by another (a TLS
     * handshake under "could not connect"), the deepest cause too. Jakarta Mail's messages name
     * hosts and replies, never the credentials.
     */
    static String why(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /**
     * Extends this instance's claim on {@code c} just before it is sent, so that the lease covers one
     * send (bounded by the SMTP timeout), not a whole batch; false when another instance has taken it.
     */
    private boolean renew(Claimed c) {
        return jdbc.sql("UPDATE mail_outbox SET claimed_until = now() + :lease * interval '1 second' "
                + "WHERE id = :id AND claimed_by = :instance AND state = 'queued'")
                .param("lease", settings.claimLease().toMillis() / 1000.0)
                .param("id", c.id())
                .param("instance", instance)
                .update() == 1;
    }

    private void giveUp(Claimed c, String why) {
        log.warn("mail {} ({}) to {} failed for good: {}", c.messageId(), c.purpose(), c.recipient(), why);
        update(c, "state = 'failed', last_error = :error", 0, why);
        outcome("failed");
    }

    /** The wait after attempt {@code attempts}: {@code retry-after}, doubled with each attempt, at most an hour. */
    Duration retryWait(int attempts) {
        Duration wait = settings.retryAfter().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    /** Changes a message this instance still holds: another that took it over after the lease owns it now. */
    private void update(Claimed c, String set, long waitMillis, String error) {
        jdbc.sql("UPDATE mail_outbox SET " + set + ", claimed_by = NULL, claimed_until = NULL "
                + "WHERE id = :id AND claimed_by = :instance")
                .param("id", c.id())
                .param("instance", instance)
                .param("wait", waitMillis)
                .param("error", error == null ? null : error.length() > 500 ? error.substring(0, 500) : error)
                .update();
    }

    private void count() {
        jdbc.sql("""
                SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'failed')
                  FROM mail_outbox WHERE state IN ('queued', 'failed')""")
                .query(rs -> {
                    queued.set(rs.getLong(1));
                    failed.set(rs.getLong(2));
                });
    }

    private void outcome(String outcome) {
        registry.counter("cardea.mail.delivery", "outcome", outcome).increment();
    }
}
