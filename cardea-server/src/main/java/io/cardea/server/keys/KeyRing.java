package io.cardea.server.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The signing keys in PostgreSQL, and every change to them: a key is created as {@code next}, is
 * promoted to {@code active} by a rotation, becomes {@code retired} at the rotation after, and is
 * removed once every token it signed has expired. Plain JDBC, so the {@code cardea keys} commands
 * use it without starting the server.
 *
 * <p>Every change runs in one transaction that first takes a PostgreSQL advisory lock: instances
 * racing to rotate take turns, and each decides from what the one before it committed, so a due
 * rotation happens exactly once however many instances run the schedule.
 */
public final class KeyRing {

    /** Arbitrary, fixed: the advisory lock every release takes to change the ring. */
    private static final long LOCK = 0x63617264_6b657973L;
    private static final int RSA_BITS = 2048;

    private final DataSource dataSource;
    private final SystemSecret secret;
    private final RotationPolicy policy;

    public KeyRing(DataSource dataSource, SystemSecret secret, RotationPolicy policy) {
        this.dataSource = dataSource;
        this.secret = secret;
        this.policy = policy;
    }

    /** Every stored key, the active one first, then the next, then the retired ones newest first. */
    public List<SigningKey> list() {
        try (Connection c = dataSource.getConnection()) {
            return list(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the signing keys: " + e.getMessage(), e);
        }
    }

    /** Makes sure a key signs and another is published to take over, creating what is missing. */
    public void prepare() {
        inLock(c -> {
            prepare(c);
            return null;
        });
    }

    /**
     * Rotates if the active key has signed for the whole interval and the next key has been published
     * long enough. Returns the kid of the key that now signs, if this call rotated.
     */
    public Optional<String> rotateIfDue() {
        return inLock(c -> {
            prepare(c);
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT n.kid FROM signing_keys a, signing_keys n
                     WHERE a.state = 'active' AND coalesce(a.activated_at, a.created_at) <= now() - ?::interval
                       AND n.state = 'next' AND n.created_at <= now() - ?::interval""")) {
                st.setString(1, interval(policy.interval()));
                st.setString(2, interval(policy.publishAhead()));
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(promote(c, rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /**
     * Rotates now: the next key signs, the active one retires, a new next key is published. Refused
     * while the next key is younger than the publish-ahead time, unless {@code evenIfUnseen} (for a
     * compromised key: relying parties that cached the JWKS refetch it when they meet the new kid).
     * Returns the kid of the key that now signs.
     */
    public String rotate(boolean evenIfUnseen) {
        return inLock(c -> {
            prepare(c);
            SigningKey next = list(c).stream().filter(k -> k.state().equals(SigningKey.NEXT)).findFirst()
                    .orElseThrow();
            Instant seenBy = next.createdAt().plus(policy.publishAhead());
            if (!evenIfUnseen && seenBy.isAfter(now(c))) {
                throw new RotationRefused("the next key " + next.kid() + " is published since " + next.createdAt()
                        + "; relying parties may not have fetched it before " + seenBy + ". Rotate after that, or "
                        + "now with --now if the active key is compromised");
            }
            return promote(c, next.kid());
        });
    }

    /** Removes the retired keys whose every token has expired; returns their kids. */
    public List<String> removeExpired() {
        return inLock(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    DELETE FROM signing_keys WHERE state = 'retired' AND retired_at <= now() - ?::interval
                    RETURNING kid""")) {
                st.setString(1, interval(policy.keepRetired()));
                List<String> removed = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        removed.add(rs.getString(1));
                    }
                }
                return removed;
            }
        });
    }

    private String promote(Connection c, String nextKid) throws SQLException {
        update(c, "UPDATE signing_keys SET state = 'retired', retired_at = now() WHERE state = 'active'", null);
        update(c, "UPDATE signing_keys SET state = 'active', activated_at = now() WHERE kid = ?", nextKid);
        insert(c, SigningKey.NEXT);
        return nextKid;
    }

    private void prepare(Connection c) throws SQLException {
        List<SigningKey> keys = list(c);
        if (keys.stream().noneMatch(k -> k.state().equals(SigningKey.ACTIVE))) {
            insert(c, SigningKey.ACTIVE);
        }
        if (keys.stream().noneMatch(k -> k.state().equals(SigningKey.NEXT))) {
            insert(c, SigningKey.NEXT);
        }
    }

    private void insert(Connection c, String state) throws SQLException {
        KeyPair pair = generate();
        String kid = UUID.randomUUID().toString();
        RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).build();
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO signing_keys (kid, algorithm, state, public_jwk, private_key, activated_at)
                VALUES (?, 'RS256', ?, ?, ?, CASE WHEN ? = 'active' THEN now() END)""")) {
            st.setString(1, kid);
            st.setString(2, state);
            st.setString(3, publicJwk.toJSONString());
            st.setBytes(4, secret.encrypt(pair.getPrivate().getEncoded(), kid));
            st.setString(5, state);
            st.executeUpdate();
        }
    }

    private static List<SigningKey> list(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT kid, algorithm, state, created_at, coalesce(activated_at, CASE WHEN state <> 'next'
                       THEN created_at END) AS activated_at, retired_at, public_jwk, private_key
                  FROM signing_keys
                 ORDER BY array_position(ARRAY['active', 'next', 'retired'], state), created_at DESC""");
                ResultSet rs = st.executeQuery()) {
            List<SigningKey> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(new SigningKey(rs.getString("kid"), rs.getString("algorithm"), rs.getString("state"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("activated_at")),
                        instant(rs.getTimestamp("retired_at")), rs.getString("public_jwk"),
                        rs.getBytes("private_key")));
            }
            return keys;
        }
    }

    private static void update(Connection c, String sql, String kid) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (kid != null) {
                st.setString(1, kid);
            }
            st.executeUpdate();
        }
    }

    /** The database's clock, which every instance shares, decides what is due. */
    private static Instant now(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT now()"); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String interval(java.time.Duration d) {
        return d.toMillis() + " milliseconds";
    }

    private interface Change<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T inLock(Change<T> change) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    st.setLong(1, LOCK);
                    st.execute();
                }
                T result = change.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the signing keys: " + e.getMessage(), e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has RSA", e);
        }
    }
}
