package io.cardea.server.session;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Ends every session of an identity: after its password is reset, or by an operator. */
public final class SignOutEverywhere {

    private final JdbcClient jdbc;

    SignOutEverywhere(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Ends every session of {@code identityId}; returns how many there were. */
    public int of(UUID identityId) {
        return jdbc.sql("DELETE FROM sessions WHERE identity_id = :identity").param("identity", identityId).update();
    }
}
