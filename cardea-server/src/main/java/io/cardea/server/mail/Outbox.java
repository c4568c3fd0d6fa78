package io.cardea.server.mail;

import io.cardea.server.keys.SystemSecret;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Queues mail for delivery. The row is written on the caller's connection, so in the caller's
 * transaction when it runs in one: a mail exists if and only if what caused it was committed.
 * {@link MailDelivery} sends it from any instance.
 */
public final class Outbox {

    private final JdbcClient jdbc;
    private final SystemSecret secret;
    private final String domain;

    Outbox(JdbcClient jdbc, SystemSecret secret, MailSettings settings) {
        this.jdbc = jdbc;
        this.secret = secret;
        this.domain = settings.domain();
    }

    /** Queues {@code mail}; returns its Message-ID. */
    public String enqueue(Mail mail) {
        UUID id = UUID.randomUUID();
        String messageId = "<" + id + "@" + domain + ">";
        jdbc.sql("""
                INSERT INTO mail_outbox (id, message_id, recipient, purpose, sealed_message)
                VALUES (:id, :messageId, :recipient, :purpose, :sealed)""")
                .param("id", id)
                .param("messageId", messageId)
                .param("recipient", mail.recipient())
                .param("purpose", mail.purpose())
                .param("sealed", SealedMail.seal(secret, messageId, mail))
                .update();
        return messageId;
    }
}
