package io.cardea.server.admin;

import io.cardea.server.identity.IdentityStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the admin API reads and changes: identities with their traits, and their sessions. */
final class AdminIdentities {

    /** An identity as an operator sees it; {@code traits} is its JSON text. */
    record Row(UUID id, String email, boolean emailVerified, String state, String traits, Instant createdAt,
            Instant updatedAt) {}

    record SessionRow(UUID id, Instant createdAt, Instant lastSeenAt, Instant idleExpiresAt, Instant expiresAt,
            String userAgent, String ipAddress, boolean live) {}

    private static final String COLUMNS = "id, email, " + IdentityStore.EMAIL_VERIFIED
            + " AS email_verified, state, traits::text AS traits, created_at, updated_at";

    private final JdbcClient jdbc;

    AdminIdentities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Row> list(String emailContains, String state, Paging.Position after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM identities"
                        + " WHERE (CAST(:email AS text) IS NULL OR lower(email) LIKE '%' || lower(:email) || '%' ESCAPE '\\')"
                        + " AND (CAST(:state AS text) IS NULL OR state = :state)"
                        + " AND (CAST(:afterTime AS timestamptz) IS NULL OR (created_at, id) > (CAST(:afterTime AS timestamptz), CAST(:afterId AS uuid)))"
                        + " ORDER BY created_at, id LIMIT :limit")
                .param("email", emailContains == null ? null : emailContains.replaceAll("([\\\\%_])", "\\\\$1"))
                .param("state", state)
                .param("afterTime", after == null ? null : OffsetDateTime.ofInstant(after.createdAt(), java.time.ZoneOffset.UTC))
                .param("afterId", after == null ? null : after.id())
                .param("limit", limit)
                .query(AdminIdentities::row)
                .list();
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM identities WHERE id = :id").param("id", id)
                .query(AdminIdentities::row).optional();
    }

    /** Changes what is given (null: unchanged). Throws DuplicateKeyException when the email is taken. */
    Optional<Row> update(UUID id, String email, String state, String traitsJson) {
        return jdbc.sql("UPDATE identities SET email = coalesce(:email, email), state = coalesce(:state, state), "
                        + "traits = coalesce(CAST(:traits AS jsonb), traits), updated_at = now() "
                        + "WHERE id = :id RETURNING " + COLUMNS)
                .param("id", id).param("email", email).param("state", state).param("traits", traitsJson)
                .query(AdminIdentities::row).optional();
    }

    /** Deletes the identity with its password and sessions; false when there is none. */
    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM identities WHERE id = :id").param("id", id).update() == 1;
    }

    List<SessionRow> sessions(UUID identityId) {
        return jdbc.sql("""
                SELECT id, created_at, last_seen_at, idle_expires_at, expires_at, user_agent, host(ip_address) AS ip,
                       expires_at > now() AND idle_expires_at > now() AS live
                  FROM sessions WHERE identity_id = :identity ORDER BY created_at DESC""")
                .param("identity", identityId)
                .query((rs, n) -> new SessionRow(rs.getObject("id", UUID.class), instant(rs, "created_at"),
                        instant(rs, "last_seen_at"), instant(rs, "idle_expires_at"), instant(rs, "expires_at"),
                        rs.getString("user_agent"), rs.getString("ip"), rs.getBoolean("live")))
                .list();
    }

    boolean revokeSession(UUID sessionId) {
        return jdbc.sql("DELETE FROM sessions WHERE id = :id").param("id", sessionId).update() == 1;
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getString("email"), rs.getBoolean("email_verified"),
                rs.getString("state"),
                rs.getString("traits"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
