package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import io.cardea.server.LogCapture;
import io.cardea.server.TestServer;
import io.cardea.server.keys.KeyRing;
import io.cardea.server.keys.SecretRollover;
import io.cardea.server.keys.SystemSecret;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The system secret changed on servers sharing one database: "new,old" re-encrypts lazily,
 * {@code reencrypt} does the rest, and then the old value can go. Nothing secret is ever logged.
 */
@ExtendWith(PostgresExtension.class)
class SystemSecretRolloverTest {

    private static final String OLD = TestServer.SYSTEM_SECRET;
    private static final String NEW = "the-new-system-secret-of-more-than-32-characters";

    @Test
    void tokensAndKeysSurviveARolloverAndTheOldValueCanThenBeDropped(TestDatabase db) throws Exception {
        withoutKeys(db);
        try (LogCapture log = new LogCapture();
                TestServer blue = TestServer.start(db, Map.of("cardea.keys.refresh", "0s"))) {
            var client = blue.server().part(Clients.class).register(UUID.randomUUID().toString(), "Service",
                    Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            AccessToken before = token(new RelyingParty(blue, client.clientId(), client.secret()));
            blue.server().part(KeyRing.class).rotate(null, true);
            var rollover = new SecretRollover(db.dataSource(), new SystemSecret(NEW + "," + OLD));
            assertThat(rollover.underOlderValues()).as("3 keys of each algorithm").hasSize(6);

            assertThat(rollover.reencrypt()).hasSize(6);
            assertThat(rollover.underOlderValues()).isEmpty();

            try (TestServer green = TestServer.start(db, Map.of("cardea.secrets.system", NEW))) {
                var onGreen = new RelyingParty(green, client.clientId(), client.secret());
                assertThat(onGreen.active(before)).isTrue();
                AccessToken after = token(onGreen);
                assertThat(onGreen.active(after)).isTrue();
                for (JWK key : JWKSet.load(onGreen.provider().getJWKSetURI().toURL()).getKeys()) {
                    assertThat(key.isPrivate()).isFalse();
                }
                assertThat(log.text()).doesNotContain(OLD, NEW, before.getValue(),
                        after.getValue(), client.secret());
            }
        }
    }

    @Test
    void aServerStartedWithTheOldValueFirstReencryptsWhatItReads(TestDatabase db) {
        withoutKeys(db);
        try (TestServer blue = TestServer.start(db)) {
            assertThat(new SecretRollover(db.dataSource(), new SystemSecret(OLD)).underOlderValues()).isEmpty();
        }
        try (TestServer green = TestServer.start(db, Map.of("cardea.secrets.system", NEW + "," + OLD))) {
            assertThat(new SecretRollover(db.dataSource(), new SystemSecret(NEW)).underOlderValues()).isEmpty();
        }
    }

    @Test
    void aMissingOrWrongSecretStopsTheServerWithWhatToSet(TestDatabase db) {
        withoutKeys(db);
        TestServer.start(db).close();

        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.secrets.system", "")))
                .hasStackTraceContaining("set CARDEA_SECRETS_SYSTEM");
        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.secrets.system", NEW)))
                .hasStackTraceContaining("encrypted with another system secret");
    }

    /** The test class shares one database; each test begins before any key was encrypted. */
    private static void withoutKeys(TestDatabase db) {
        TestServer.migrate(db);
        JdbcClient.create(db.dataSource()).sql("DELETE FROM signing_keys").update();
    }

    private static AccessToken token(RelyingParty party) {
        return RelyingParty.tokens(party.token(new ClientCredentialsGrant(), new Scope("email"))).getAccessToken();
    }
}
