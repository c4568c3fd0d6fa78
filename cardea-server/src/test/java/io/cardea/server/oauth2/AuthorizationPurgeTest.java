package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(PostgresExtension.class)
class AuthorizationPurgeTest {

    static TestDatabase db;
    @AutoClose
    static TestServer server;
    static JdbcClient sql;
    static RelyingParty rp;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        TestServer.migrate(db);
        server = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
        var client = server.server().part(Clients.class).register("purged", "Purged", Clients.Kind.CONFIDENTIAL,
                List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
        rp = new RelyingParty(server, client.clientId(), client.secret());
    }

    @BeforeEach
    void empty() {
        sql.sql("DELETE FROM oauth2_access_token").update();
        sql.sql("DELETE FROM oauth2_authorization").update();
    }

    @Test
    void expiredTokensAndAuthorizationsGoInBatchesAndLiveOnesStay() {
        AccessToken live = RelyingParty.tokens(rp.token(new ClientCredentialsGrant(), null)).getAccessToken();
        // 2,500 expired client_credentials tokens: more than two batches.
        sql.sql("""
                INSERT INTO oauth2_access_token (token_hash, authorization_id, registered_client_id, principal_name,
                                                 scopes, issued_at, expires_at)
                SELECT sha256(g::text::bytea), g::text, 'c', 'purged', '', now() - interval '1 hour',
                       now() - interval '55 minutes'
                  FROM generate_series(1, 2500) g""").update();
        authorization("all-expired", "now() - interval '1 minute'", "now() - interval '1 day'");
        authorization("refresh-live", "now() - interval '1 minute'", "now() + interval '1 day'");
        authorization("awaiting-consent", null, null);
        spent("all-expired", "now() + interval '1 day'");
        spent("refresh-live", "now() - interval '1 second'");
        spent("refresh-live", "now() + interval '1 day'");
        spent("refresh-live", null);

        long purged = server.server().part(AuthorizationPurge.class).purge();

        // 2,500 tokens, the expired spent token, the expired authorization (its spent token cascades).
        assertThat(purged).isEqualTo(2502);
        assertThat(count("oauth2_access_token")).isEqualTo(1);
        assertThat(rp.active(live)).isTrue();
        assertThat(sql.sql("SELECT id FROM oauth2_authorization ORDER BY id").query(String.class).list())
                .containsExactly("awaiting-consent", "refresh-live");
        assertThat(sql.sql("SELECT authorization_id || ' ' || coalesce((expires_at > now())::text, 'unknown') "
                + "FROM oauth2_spent_refresh_token ORDER BY 1").query(String.class).list())
                .containsExactly("refresh-live true", "refresh-live unknown");
        assertThat(server.server().part(AuthorizationPurge.class).purge()).isZero();
    }

    @Test
    void rotatedRefreshTokensGoOnceExpiredAndKeepTheirAuthorizationWhileOneLives() {
        // Families whose own row in Spring's table has expired: what counts is their rotated tokens.
        authorization("rotating", "now() - interval '1 minute'", "now() - interval '1 day'");
        authorization("access-live", "now() - interval '1 minute'", "now() - interval '1 day'");
        authorization("all-rotated-expired", "now() - interval '1 minute'", "now() - interval '1 day'");
        rotated("rotating", "now() - interval '1 second'", null);           // spent, expired: goes
        rotated("rotating", "now() + interval '1 day'", "now() - interval '1 minute'"); // live: stays
        rotated("access-live", "now() - interval '1 second'", "now() + interval '1 minute'"); // stays
        rotated("all-rotated-expired", "now() - interval '1 second'", "now() - interval '1 minute'");

        long purged = server.server().part(AuthorizationPurge.class).purge();

        // Two rotated rows, then the one authorization left without any.
        assertThat(purged).isEqualTo(3);
        assertThat(sql.sql("SELECT id FROM oauth2_authorization ORDER BY id").query(String.class).list())
                .containsExactly("access-live", "rotating");
        assertThat(sql.sql("SELECT authorization_id FROM oauth2_refresh_token ORDER BY 1").query(String.class).list())
                .containsExactly("access-live", "rotating");
    }

    @Test
    void onlyOneInstancePurgesAtATime() throws Exception {
        authorization("all-expired", "now() - interval '1 minute'", "now() - interval '1 day'");
        try (Connection other = db.connect()) {
            // Another instance in the middle of its purge.
            other.setAutoCommit(false);
            other.createStatement().execute("SELECT pg_advisory_xact_lock(" + AuthorizationPurge.LOCK + ")");

            assertThat(server.server().part(AuthorizationPurge.class).purge()).isZero();
            assertThat(count("oauth2_authorization")).isEqualTo(1);
            other.rollback();
        }

        assertThat(server.server().part(AuthorizationPurge.class).purge()).isEqualTo(1);
    }

    /** An authorization as Spring stores one, with the expiries given as SQL (null: no such token). */
    private static void authorization(String id, String accessExpires, String refreshExpires) {
        sql.sql("INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type, "
                + "state, access_token_value, access_token_expires_at, refresh_token_value, refresh_token_expires_at) "
                + "VALUES (:id, 'c', 'someone', 'authorization_code', :state, :access, " + accessExpires + ", :refresh, "
                + refreshExpires + ")")
                .param("id", id)
                .param("state", accessExpires == null ? "state-" + id : null)
                .param("access", accessExpires == null ? null : "access-" + id)
                .param("refresh", refreshExpires == null ? null : "refresh-" + id)
                .update();
    }

    private static void spent(String authorizationId, String expires) {
        sql.sql("INSERT INTO oauth2_spent_refresh_token (token_hash, authorization_id, expires_at) "
                + "VALUES (sha256(gen_random_uuid()::text::bytea), :id, " + expires + ")")
                .param("id", authorizationId).update();
    }

    /** A row of oauth2_refresh_token with the expiries given as SQL (access null: no access token with it). */
    private static void rotated(String authorizationId, String expires, String accessExpires) {
        sql.sql("INSERT INTO oauth2_refresh_token (token_hash, authorization_id, registered_client_id, principal_name, "
                + "scopes, issued_at, expires_at, access_token_hash, access_token_expires_at) "
                + "VALUES (sha256(gen_random_uuid()::text::bytea), :id, 'c', 'someone', '', now() - interval '2 days', "
                + expires + ", " + (accessExpires == null ? "NULL" : "sha256(gen_random_uuid()::text::bytea)") + ", "
                + accessExpires + ")")
                .param("id", authorizationId).update();
    }

    private static long count(String table) {
        return sql.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
