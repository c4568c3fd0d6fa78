package io.cardea.server.mail;

import io.cardea.server.web.RequestRefused;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/mail}: the outbox for the operator, newest first, without the messages' contents
 * (they hold one-time codes); and a failed message queued again.
 */
@RestController
final class AdminMailController {

    /** A message as the operator sees it. */
    record Message(UUID id, String messageId, String recipient, String purpose, String state, int attempts,
            Instant createdAt, Instant nextAttemptAt, Instant sentAt, String lastError) {}

    record Messages(List<Message> messages) {}

    private static final String SELECT = """
            SELECT id, message_id, recipient, purpose, state, attempts, created_at, next_attempt_at, sent_at, last_error
              FROM mail_outbox""";
    private static final List<String> STATES = List.of("queued", "sent", "failed");

    private final JdbcClient jdbc;

    AdminMailController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/admin/mail")
    Messages list(@RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (state != null && !STATES.contains(state)) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_request", "state",
                    "state is queued, sent or failed.");
        }
        if (limit < 1 || limit > 500) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_request", "limit", "limit is 1 to 500.");
        }
        return new Messages(jdbc.sql(SELECT + " WHERE (CAST(:state AS text) IS NULL OR state = :state)"
                + " ORDER BY created_at DESC LIMIT :limit")
                .param("state", state)
                .param("limit", limit)
                .query(AdminMailController::message)
                .list());
    }

    /** A failed message is queued again with its attempts counted afresh; anything else is refused with 409. */
    @PostMapping("/admin/mail/{id}/retry")
    Message retry(@PathVariable("id") UUID id) {
        int changed = jdbc.sql("""
                UPDATE mail_outbox SET state = 'queued', attempts = 0, next_attempt_at = now()
                 WHERE id = :id AND state = 'failed' AND sealed_message IS NOT NULL""")
                .param("id", id)
                .update();
        if (changed == 0) {
            boolean exists = jdbc.sql("SELECT 1 FROM mail_outbox WHERE id = :id").param("id", id).query().listOfRows()
                    .size() == 1;
            throw exists ? new RequestRefused(HttpStatus.CONFLICT, "not_failed", null,
                    "Only a failed message can be queued again.")
                    : new RequestRefused(HttpStatus.NOT_FOUND, "not_found", null, "No such message.");
        }
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(AdminMailController::message).single();
    }

    private static Message message(ResultSet rs, int row) throws SQLException {
        return new Message(rs.getObject("id", UUID.class), rs.getString("message_id"), rs.getString("recipient"),
                rs.getString("purpose"), rs.getString("state"), rs.getInt("attempts"),
                instant(rs.getObject("created_at", OffsetDateTime.class)),
                rs.getString("state").equals("queued") ? instant(rs.getObject("next_attempt_at", OffsetDateTime.class))
                        : null,
                instant(rs.getObject("sent_at", OffsetDateTime.class)), rs.getString("last_error"));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
