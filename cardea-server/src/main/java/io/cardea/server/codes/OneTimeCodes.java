package io.cardea.server.codes;

import io.cardea.server.keys.Sha256;
import io.cardea.server.keys.SystemSecret;
import io.cardea.server.web.RequestRefused;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Codes sent by mail that prove a person receives an address: six digits to type, or a link to
 * open. Each is short-lived, single use, bound to one identity and the address it was sent to; a
 * few wrong codes for an address spend its live codes. Stored as hashes only: the code's keyed with
 * the system secret (a million codes are quickly tried against a plain hash), the link's plain
 * (256 random bits).
 *
 * <p>Redeeming locks the code's row: run it in the transaction of what the code allows, so the
 * code is spent if and only if that is done. A wrong code's count is written in that transaction
 * too: commit it, and refuse outside.
 */
public final class OneTimeCodes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SystemSecret secret;
    private final CodeSettings settings;

    OneTimeCodes(JdbcClient jdbc, SystemSecret secret, CodeSettings settings) {
        this.jdbc = jdbc;
        this.secret = secret;
        this.settings = settings;
    }

    /**
     * Counts a request for a code from {@code clientAddress}, known email or not, and refuses it with
     * 429 once that address asked {@code per-address} times within the window.
     */
    public void admitRequest(Purpose purpose, String clientAddress) {
        Double wait = jdbc.sql("""
                SELECT extract(epoch FROM requested_at + make_interval(secs => :window) - now())
                  FROM code_requests
                 WHERE ip_address = CAST(:address AS inet) AND purpose = :purpose
                   AND requested_at > now() - make_interval(secs => :window)
                 ORDER BY requested_at DESC OFFSET :limit - 1 LIMIT 1""")
                .param("address", clientAddress)
                .param("purpose", purpose.stored())
                .param("window", settings.window().toSeconds())
                .param("limit", settings.perAddress())
                .query(Double.class).optional().orElse(null);
        if (wait != null && wait > 0) {
            throw RequestRefused.tooManyRequests("too_many_requests",
                    "Too many codes were asked for from here; try again later.", Duration.ofMillis((long) (wait * 1000)));
        }
        jdbc.sql("INSERT INTO code_requests (purpose, ip_address) VALUES (:purpose, CAST(:address AS inet))")
                .param("purpose", purpose.stored())
                .param("address", clientAddress)
                .update();
    }

    /**
     * A new code for {@code identityId} at {@code email}, or empty when that account was sent
     * {@code per-account} codes of this purpose within the window.
     */
    public Optional<IssuedCode> issue(UUID identityId, String email, Purpose purpose) {
        int recent = jdbc.sql("""
                SELECT count(*) FROM one_time_codes
                 WHERE identity_id = :identity AND purpose = :purpose
                   AND created_at > now() - make_interval(secs => :window)""")
                .param("identity", identityId)
                .param("purpose", purpose.stored())
                .param("window", settings.window().toSeconds())
                .query(Integer.class).single();
        if (recent >= settings.perAccount()) {
            return Optional.empty();
        }
        String code = "%06d".formatted(RANDOM.nextInt(1_000_000));
        byte[] link = new byte[32];
        RANDOM.nextBytes(link);
        String linkSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(link);
        Duration lifetime = lifetime(purpose);
        jdbc.sql("""
                INSERT INTO one_time_codes (id, identity_id, purpose, email, code_hash, link_hash, expires_at)
                VALUES (:id, :identity, :purpose, :email, :code, :link, now() + make_interval(secs => :lifetime))""")
                .param("id", UUID.randomUUID())
                .param("identity", identityId)
                .param("purpose", purpose.stored())
                .param("email", email)
                .param("code", secret.keyedHash(code.getBytes(StandardCharsets.UTF_8)))
                .param("link", Sha256.of(linkSecret))
                .param("lifetime", lifetime.toSeconds())
                .update();
        return Optional.of(new IssuedCode(code, linkSecret, lifetime));
    }

    private Duration lifetime(Purpose purpose) {
        return purpose == Purpose.RECOVERY ? settings.recoveryLifetime() : settings.verificationLifetime();
    }

    private record Live(UUID id, UUID identityId, String email, byte[] codeHash) {}

    /**
     * The identity whose live code of this purpose for {@code email} was typed, if any; with
     * {@code spend}, that code and the identity's other live codes of this purpose are spent. A wrong
     * code counts against every live code of the address, and is empty alike when it is wrong,
     * expired, used or another account's: answer it with {@link #invalidCode()}.
     */
    public Optional<RedeemedCode> redeemCode(String email, String code, Purpose purpose, boolean spend) {
        List<Live> live = jdbc.sql("""
                SELECT id, identity_id, email, code_hash FROM one_time_codes
                 WHERE lower(email) = lower(:email) AND purpose = :purpose AND used_at IS NULL
                   AND expires_at > now() AND attempts < :attempts
                 ORDER BY created_at FOR UPDATE""")
                .param("email", email == null ? "" : email.strip())
                .param("purpose", purpose.stored())
                .param("attempts", settings.attempts())
                .query((rs, n) -> new Live(rs.getObject("id", UUID.class), rs.getObject("identity_id", UUID.class),
                        rs.getString("email"), rs.getBytes("code_hash")))
                .list();
        byte[] typed = (code == null ? "" : code.strip()).getBytes(StandardCharsets.UTF_8);
        Live match = null;
        for (Live l : live) {
            if (secret.keyedHashMatches(typed, l.codeHash()) && match == null) {
                match = l;
            }
        }
        if (match == null) {
            if (!live.isEmpty()) {
                jdbc.sql("UPDATE one_time_codes SET attempts = attempts + 1 WHERE id IN (:ids)")
                        .param("ids", live.stream().map(Live::id).toList())
                        .update();
            }
            return Optional.empty();
        }
        if (spend) {
            spendAll(match.identityId(), purpose);
        }
        return Optional.of(new RedeemedCode(match.identityId(), match.email()));
    }

    /**
     * The identity whose live code of this purpose a link carried {@code linkSecret}, if any; with
     * {@code spend}, that code and the identity's other live codes of this purpose are spent.
     */
    public Optional<RedeemedCode> redeemLink(String linkSecret, Purpose purpose, boolean spend) {
        if (linkSecret == null || linkSecret.isBlank() || linkSecret.length() > 100) {
            return Optional.empty();
        }
        Optional<RedeemedCode> found = jdbc.sql("""
                SELECT identity_id, email FROM one_time_codes
                 WHERE link_hash = :link AND purpose = :purpose AND used_at IS NULL AND expires_at > now()
                   AND attempts < :attempts""" + (spend ? " FOR UPDATE" : ""))
                .param("link", Sha256.of(linkSecret))
                .param("purpose", purpose.stored())
                .param("attempts", settings.attempts())
                .query((rs, n) -> new RedeemedCode(rs.getObject("identity_id", UUID.class), rs.getString("email")))
                .optional();
        if (spend) {
            found.ifPresent(r -> spendAll(r.identityId(), purpose));
        }
        return found;
    }

    private void spendAll(UUID identityId, Purpose purpose) {
        jdbc.sql("UPDATE one_time_codes SET used_at = now() WHERE identity_id = :identity AND purpose = :purpose "
                + "AND used_at IS NULL")
                .param("identity", identityId)
                .param("purpose", purpose.stored())
                .update();
    }

    /** The answer to a code or link that is wrong, expired, used or another account's. */
    public static RequestRefused invalidCode() {
        return new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_code", "code",
                "This code is wrong, expired or used already. Ask for a new one.");
    }
}
