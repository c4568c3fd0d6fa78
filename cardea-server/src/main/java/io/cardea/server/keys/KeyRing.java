package io.cardea.server.keys;

import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The signing keys in PostgreSQL, and every change to them: a key is created as {@code next}, is
 * promoted to {@code active} by a rotation, becomes {@code retired} at the rotation after, and is
 * removed once every token it signed has expired. Each algorithm in use (RS256 for ID tokens, the
 * access tokens' one) has its own keys going through these states. Plain JDBC, so the
 * {@code cardea keys} commands use it without starting the server.
 *
 * <p>Every change runs in one transaction that first takes a PostgreSQL advisory lock: instances
 * racing to rotate take turns, and each decides from what the one before it committed, so a due
 * rotation happens exactly once however many instances run the schedule.
 */
public final class KeyRing {

    /** Arbitrary, fixed: the advisory lock every release takes to change the ring. */
    private static final long LOCK = 0x63617264_6b657973L;

    private final DataSource dataSource;
    private final SystemSecret secret;
    private final RotationPolicy policy;
    private final SequencedSet<SigningAlgorithm> algorithms;

    /** @param accessTokens the algorithm access tokens are signed with; ID tokens are always RS256 */
    public KeyRing(DataSource dataSource, SystemSecret secret, RotationPolicy policy, SigningAlgorithm accessTokens) {
        this.dataSource = dataSource;
        this.secret = secret;
        this.policy = policy;
        this.algorithms = new LinkedHashSet<>(List.of(SigningAlgorithm.ID_TOKENS, accessTokens));
    }

    /** The algorithms this ring keeps keys for and rotates: RS256 first, then the access tokens' one. */
    public SequencedSet<SigningAlgorithm> algorithms() {
        return algorithms;
    }

    /**
     * Every stored key, by algorithm, and for each the active one first, then the next, then the
     * retired ones newest first. Keys of an algorithm no longer in use are listed (and published) too.
     */
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
     * Rotates each algorithm whose active key has signed for the whole interval (or which has no
     * active key yet) and whose next key has been published long enough. Returns the kids of the keys
     * that sign now because of this call.
     */
    public List<String> rotateIfDue() {
        return inLock(c -> {
            prepare(c);
            List<String> promoted = new ArrayList<>();
            for (SigningAlgorithm algorithm : algorithms) {
                try (PreparedStatement st = c.prepareStatement("""
                        SELECT n.kid FROM signing_keys n
                         WHERE n.algorithm = ? AND n.state = 'next' AND n.created_at <= now() - ?::interval
                           AND NOT EXISTS (SELECT 1 FROM signing_keys a WHERE a.algorithm = n.algorithm
                                   AND a.state = 'active'
                                   AND coalesce(a.activated_at, a.created_at) > now() - ?::interval)""")) {
                    st.setString(1, algorithm.name());
                    st.setString(2, interval(policy.publishAhead()));
                    st.setString(3, interval(policy.interval()));
                    try (ResultSet rs = st.executeQuery()) {
                        if (rs.next()) {
                            promoted.add(promote(c, algorithm, rs.getString(1)));
                        }
                    }
                }
            }
            return promoted;
        });
    }

    /**
     * Rotates now, for each algorithm in use (or only {@code only}, if not null): the next key signs,
     * the active one retires, a new next key is published. Refused, for all, while a next key is
     * younger than the publish-ahead time, unless {@code evenIfUnseen} (for a compromised key:
     * relying parties that cached the JWKS refetch it when they meet the new kid). Returns the kids
     * of the keys that now sign.
     */
    public List<String> rotate(SigningAlgorithm only, boolean evenIfUnseen) {
        if (only != null && !algorithms.contains(only)) {
            throw new RotationRefused(only + " signs nothing here: the algorithms in use are " + algorithms);
        }
        return inLock(c -> {
            prepare(c);
            List<String> promoted = new ArrayList<>();
            Instant now = now(c);
            for (SigningAlgorithm algorithm : algorithms) {
                if (only != null && only != algorithm) {
                    continue;
                }
                SigningKey next = list(c).stream()
                        .filter(k -> k.algorithm().equals(algorithm.name()) && k.state().equals(SigningKey.NEXT))
                        .findFirst().orElseThrow();
                Instant seenBy = next.createdAt().plus(policy.publishAhead());
                if (!evenIfUnseen && seenBy.isAfter(now)) {
                    throw new RotationRefused("the next " + algorithm + " key " + next.kid() + " is published since "
                            + next.createdAt() + "; relying parties may not have fetched it before " + seenBy
                            + ". Rotate after that, or now with --now if the active key is compromised");
                }
                promoted.add(promote(c, algorithm, next.kid()));
            }
            return promoted;
        });
    }

    /**
     * Removes one retired key, once every token it signed has expired. Refused for a key that signs or
     * is about to, and for a retired key whose tokens may still be in use; {@link UnknownKey} if there
     * is no key {@code kid}.
     */
    public void retire(String kid) {
        inLock(c -> {
            SigningKey key = list(c).stream().filter(k -> k.kid().equals(kid)).findFirst()
                    .orElseThrow(() -> new UnknownKey(kid));
            if (!key.state().equals(SigningKey.RETIRED)) {
                throw new RotationRefused("key " + kid + " is " + key.state() + ", not retired: rotate first, and "
                        + "remove it once the tokens it signed have expired");
            }
            Instant expired = key.retiredAt().plus(policy.keepRetired());
            if (expired.isAfter(now(c))) {
                throw new RotationRefused("key " + kid + " signed tokens that may be valid until " + expired
                        + "; relying parties need it in the JWKS until then. Remove it after that");
            }
            update(c, "DELETE FROM signing_keys WHERE kid = ?", kid);
            return null;
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

    private String promote(Connection c, SigningAlgorithm algorithm, String nextKid) throws SQLException {
        update(c, "UPDATE signing_keys SET state = 'retired', retired_at = now() WHERE state = 'active' "
                + "AND algorithm = ?", algorithm.name());
        update(c, "UPDATE signing_keys SET state = 'active', activated_at = now() WHERE kid = ?", nextKid);
        insert(c, algorithm, SigningKey.NEXT);
        return nextKid;
    }

    /**
     * Makes sure each algorithm in use has a next key and, where nothing can stand in for it, an
     * active one: the published next key if there is one, as relying parties know it already. A new
     * ring signs at once, as no relying party has cached anything yet. An access token algorithm
     * added to a ring in use only gets a next key: access tokens stay signed with RS256 until the
     * schedule promotes it, once it has been published for the publish-ahead time.
     */
    private void prepare(Connection c) throws SQLException {
        List<SigningKey> keys = list(c);
        for (SigningAlgorithm algorithm : algorithms) {
            List<SigningKey> own = keys.stream().filter(k -> k.algorithm().equals(algorithm.name())).toList();
            var next = own.stream().filter(k -> k.state().equals(SigningKey.NEXT)).findFirst();
            if (own.stream().noneMatch(k -> k.state().equals(SigningKey.ACTIVE))
                    && (keys.isEmpty() || algorithm == SigningAlgorithm.ID_TOKENS)) {
                if (next.isPresent()) {
                    promote(c, algorithm, next.get().kid());
                    continue;
                }
                insert(c, algorithm, SigningKey.ACTIVE);
            }
            if (next.isEmpty()) {
                insert(c, algorithm, SigningKey.NEXT);
            }
        }
    }

    private void insert(Connection c, SigningAlgorithm algorithm, String state) throws SQLException {
        KeyPair pair = algorithm.generate();
        String kid = UUID.randomUUID().toString();
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO signing_keys (kid, algorithm, state, public_jwk, private_key, activated_at)
                VALUES (?, ?, ?, ?, ?, CASE WHEN ? = 'active' THEN now() END)""")) {
            st.setString(1, kid);
            st.setString(2, algorithm.name());
            st.setString(3, state);
            st.setString(4, algorithm.publicJwk(pair, kid).toJSONString());
            st.setBytes(5, secret.encrypt(pair.getPrivate().getEncoded(), kid));
            st.setString(6, state);
            st.executeUpdate();
        }
    }

    private static List<SigningKey> list(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT kid, algorithm, state, created_at, coalesce(activated_at, CASE WHEN state <> 'next'
                       THEN created_at END) AS activated_at, retired_at, public_jwk, private_key
                  FROM signing_keys
                 ORDER BY array_position(ARRAY['RS256', 'ES256'], algorithm),
                          array_position(ARRAY['active', 'next', 'retired'], state), created_at DESC""");
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

    private static void update(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
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
}
