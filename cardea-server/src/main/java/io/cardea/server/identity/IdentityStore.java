package io.cardea.server.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Identities and their password hashes in PostgreSQL. */
public final class IdentityStore {

    /** An identity with the stored hash of its password. */
    public record WithPassword(Identity identity, String passwordHash) {
        @Override
        public String toString() {
            return "WithPassword[" + identity + "]";
        }
    }

    /**
     * SQL for "the identity's address is verified", over the columns of {@code identities}: its
     * address is the one last proven to receive its mail, so a changed address is unverified.
     */
    public static final String EMAIL_VERIFIED = "coalesce(lower(verified_email) = lower(email), false)";

    private final JdbcClient jdbc;

    IdentityStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new identity and its password hash in one statement, so neither exists without the
     * other. Throws {@link org.springframework.dao.DuplicateKeyException} when the email is taken.
     */
    Identity create(String email, String passwordHash, String traitsJson) {
        return jdbc.sql("""
                WITH created AS (
                    INSERT INTO identities (id, email, traits) VALUES (:id, :email, CAST(:traits AS jsonb))
                    RETURNING id, email, state, created_at
                ), credential AS (
                    INSERT INTO password_credentials (identity_id, hash) SELECT id, :hash FROM created
                )
                SELECT id, email, state, created_at FROM created""")
                .param("id", UUID.randomUUID())
                .param("email", email)
                .param("traits", traitsJson)
                .param("hash", passwordHash)
                .query(IdentityStore::identity)
                .single();
    }

    public Optional<WithPassword> findByEmail(String email) {
        return jdbc.sql("""
                SELECT i.id, i.email, i.state, i.created_at, p.hash
                  FROM identities i JOIN password_credentials p ON p.identity_id = i.id
                 WHERE lower(i.email) = lower(:email)""")
                .param("email", email)
                .query((rs, n) -> new WithPassword(identity(rs, n), rs.getString("hash")))
                .optional();
    }

    public Optional<Identity> findById(UUID id) {
        return jdbc.sql("SELECT id, email, state, created_at FROM identities WHERE id = :id")
                .param("id", id)
                .query(IdentityStore::identity)
                .optional();
    }

    /** The stored hash of the identity's password; empty when there is no such identity. */
    public Optional<String> passwordHashOf(UUID id) {
        return jdbc.sql("SELECT hash FROM password_credentials WHERE identity_id = :id")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    /**
     * Deletes the identity; its password, sessions and one-time codes go with it (ON DELETE CASCADE).
     * False when there is none.
     */
    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM identities WHERE id = :id").param("id", id).update() == 1;
    }

    /** An identity's address and whether it is verified. */
    public record Email(String address, boolean verified) {}

    public Optional<Email> emailOf(UUID id) {
        return jdbc.sql("SELECT email, " + EMAIL_VERIFIED + " FROM identities WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new Email(rs.getString(1), rs.getBoolean(2)))
                .optional();
    }

    /**
     * Records that {@code email} receives the identity's mail: verified, if it is still the
     * identity's address; false when it is not (an administrator changed it since).
     */
    public boolean markEmailVerified(UUID identityId, String email) {
        return jdbc.sql("UPDATE identities SET verified_email = email, updated_at = now() "
                + "WHERE id = :id AND lower(email) = lower(:email)")
                .param("id", identityId)
                .param("email", email)
                .update() == 1;
    }

    /**
     * Replaces the identity's address by {@code newEmail}, verified (a code sent to it came back);
     * answers the address it had, or empty when the identity is gone. Throws {@link
     * org.springframework.dao.DuplicateKeyException} when another identity has the address now.
     */
    public Optional<String> changeEmail(UUID identityId, String newEmail) {
        return jdbc.sql("""
                UPDATE identities i SET email = :email, verified_email = :email, updated_at = now()
                  FROM identities old WHERE i.id = :id AND old.id = i.id
                RETURNING old.email""")
                .param("id", identityId)
                .param("email", newEmail)
                .query(String.class)
                .optional();
    }

    public void replacePasswordHash(UUID identityId, String passwordHash) {
        jdbc.sql("UPDATE password_credentials SET hash = :hash, updated_at = now() WHERE identity_id = :id")
                .param("hash", passwordHash)
                .param("id", identityId)
                .update();
    }

    /** Reads the identity columns {@code id, email, state, created_at} of a row. */
    public static Identity identity(ResultSet rs, int row) throws SQLException {
        return new Identity(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("state"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
