package io.cardea.server.session;

import io.cardea.server.identity.IdentityStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sessions in PostgreSQL, and nowhere else: any instance accepts a session another one created.
 * Expiry is judged by the database's clock, so instances whose clocks differ still agree.
 */
final class SessionStore {

    private static final String COLUMNS = """
            s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at, s.idle_expires_at,
            s.expires_at, s.user_agent, host(s.ip_address) AS ip_address,
            i.id, i.email, i.state, i.created_at""";
    private static final String LIVE = "s.expires_at > now() AND s.idle_expires_at > now() AND i.state = 'active'";

    private final JdbcClient jdbc;
    private final SessionSettings settings;

    SessionStore(JdbcClient jdbc, SessionSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    Session create(UUID identityId, SessionToken token, String userAgent, String ipAddress) {
        return jdbc.sql("""
                WITH s AS (
                    INSERT INTO sessions (id, identity_id, token_hash, idle_expires_at, expires_at, user_agent, ip_address)
                    VALUES (:id, :identity, :hash, now() + least(:idle, :lifetime) * interval '1 second',
                            now() + :lifetime * interval '1 second', :agent, CAST(:ip AS inet))
                    RETURNING *
                )
                SELECT %s FROM s JOIN identities i ON i.id = s.identity_id""".formatted(COLUMNS))
                .param("id", UUID.randomUUID())
                .param("identity", identityId)
                .param("hash", token.hash())
                .param("idle", seconds(settings.idleTimeout()))
                .param("lifetime", seconds(settings.lifetime()))
                .param("agent", userAgent)
                .param("ip", ipAddress)
                .query(SessionStore::session)
                .single();
    }

    /**
     * The live session a token opens, if any. Records that it was seen, at most once per touch
     * interval, which also pushes its idle expiry out (never past its absolute expiry): most
     * requests cost one read and no write.
     */
    Optional<Session> findLive(SessionToken token) {
        record Found(Session session, boolean stale) {}
        Optional<Found> found = jdbc.sql("SELECT " + COLUMNS + ", s.last_seen_at < now() - :touch * interval '1 second' "
                        + "AS stale FROM sessions s JOIN identities i ON i.id = s.identity_id "
                        + "WHERE s.token_hash = :hash AND " + LIVE)
                .param("hash", token.hash())
                .param("touch", seconds(settings.touchInterval()))
                .query((rs, n) -> new Found(session(rs, n), rs.getBoolean("stale")))
                .optional();
        if (found.isEmpty() || !found.get().stale()) {
            return found.map(Found::session);
        }
        // Conditional on staleness again, so concurrent requests of one session write once.
        return jdbc.sql("""
                WITH s AS (
                    UPDATE sessions SET last_seen_at = now(),
                           idle_expires_at = least(now() + :idle * interval '1 second', expires_at)
                     WHERE id = :id AND last_seen_at < now() - :touch * interval '1 second'
                    RETURNING *
                )
                SELECT %s FROM s JOIN identities i ON i.id = s.identity_id""".formatted(COLUMNS))
                .param("id", found.get().session().id())
                .param("idle", seconds(settings.idleTimeout()))
                .param("touch", seconds(settings.touchInterval()))
                .query(SessionStore::session)
                .optional()
                .or(() -> Optional.of(found.get().session()));
    }

    List<Session> liveSessionsOf(UUID identityId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sessions s JOIN identities i ON i.id = s.identity_id "
                        + "WHERE s.identity_id = :identity AND " + LIVE + " ORDER BY s.created_at DESC")
                .param("identity", identityId)
                .query(SessionStore::session)
                .list();
    }

    /** Ends a session of {@code identityId}; false when it has no session of that id. */
    boolean revoke(UUID sessionId, UUID identityId) {
        return jdbc.sql("DELETE FROM sessions WHERE id = :id AND identity_id = :identity")
                .param("id", sessionId)
                .param("identity", identityId)
                .update() == 1;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static Session session(ResultSet rs, int row) throws SQLException {
        return new Session(rs.getObject("session_id", UUID.class), IdentityStore.identity(rs, row),
                instant(rs, "session_created_at"), instant(rs, "last_seen_at"), instant(rs, "idle_expires_at"),
                instant(rs, "expires_at"), rs.getString("user_agent"), rs.getString("ip_address"));
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
