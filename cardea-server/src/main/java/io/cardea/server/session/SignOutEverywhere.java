package io.cardea.server.session;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ends every session of an identity: after its password is reset, or by an operator; or every one
 * but the session the person is using, after they change their password or ask for it.
 */
public final class SignOutEverywhere {

    private final JdbcClient jdbc;

    SignOutEverywhere(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Ends every session of {@code identityId}; returns how many there were. */
    public int of(UUID identityId) {
        return jdbc.sql("DELETE FROM sessions WHERE identity_id = :identity").param("identity", identityId).update();
    }

    /** Ends every session of {@code identityId} but {@code keptSessionId}; returns how many ended. */
    public int allBut(UUID identityId, UUID keptSessionId) {
        return jdbc.sql("DELETE FROM sessions WHERE identity_id = :identity AND id <> :kept")
                .param("identity", identityId)
                .param("kept", keptSessionId)
                .update();
    }
}
