package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the JWKS and the discovery document tell relying parties about the keys, and for how long. */
@ExtendWith(PostgresExtension.class)
class JwksTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void bothAlgorithmsArePublishedWithTheirUseAndDiscoveryNamesTheIdTokenOne(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            var client = server.server().part(Clients.class).register(UUID.randomUUID().toString(), "Service",
                    Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var party = new RelyingParty(server, client.clientId(), client.secret());
            JWKSet jwks = JWKSet.load(party.provider().getJWKSetURI().toURL());

            assertThat(jwks.getKeys()).extracting(k -> k.getAlgorithm().getName())
                    .containsExactly("RS256", "RS256", "ES256", "ES256");
            assertThat(jwks.getKeys()).allSatisfy(k -> {
                assertThat(k.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
                assertThat(k.isPrivate()).isFalse();
            });
            assertThat(party.provider().getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.RS256);

            SignedJWT accessToken = SignedJWT.parse(RelyingParty.tokens(party.token(new ClientCredentialsGrant(),
                    new Scope("email"))).getAccessToken().getValue());
            assertThat(accessToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            JWK signer = jwks.getKeyByKeyId(accessToken.getHeader().getKeyID());
            assertThat(signer.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(RelyingParty.verifies(accessToken, jwks)).isTrue();
        }
    }

    @Test
    void theJwksMayBeCachedForLessThanANextKeyIsPublishedBeforeItSigns(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestServer defaults = TestServer.start(db)) {
            assertThat(cacheControl(defaults, "/oauth2/jwks")).isEqualTo("public, max-age=3600");
            assertThat(cacheControl(defaults, "/.well-known/openid-configuration")).contains("no-store");
        }
        try (TestServer shortAhead = TestServer.start(db, Map.of("cardea.keys.publish-ahead", "30m"))) {
            assertThat(cacheControl(shortAhead, "/oauth2/jwks")).as("half the publish-ahead time")
                    .isEqualTo("public, max-age=900");
        }
        try (TestServer longer = TestServer.start(db, Map.of("cardea.keys.jwks-max-age", "4h"))) {
            assertThat(cacheControl(longer, "/oauth2/jwks")).isEqualTo("public, max-age=14400");
        }
    }

    private static String cacheControl(TestServer server, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().firstValue("Cache-Control").orElse("");
    }
}
