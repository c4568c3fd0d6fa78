package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A relying party built on the npm package {@code openid-client} (src/test/js/relying-party.mjs), as
 * a Node.js application uses Cardea: discovery, authorization code with PKCE through Cardea's sign-in
 * and consent forms, token exchange, userinfo, refresh, introspection and revocation.
 */
@ExtendWith(PostgresExtension.class)
class OpenidClientRelyingPartyTest {

    private static final String EMAIL = "node-rp@example.com";
    private static final String PASSWORD = "a long passphrase";

    @AutoClose
    private static TestServer server;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
    }

    @Test
    void signsInAndUsesEveryTokenEndpoint() {
        server.signUpAndIn(EMAIL, PASSWORD);
        var client = server.server().part(Clients.class).register("node-web", "Node.js web app",
                Clients.Kind.CONFIDENTIAL, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());

        var run = NodeScripts.run("relying-party.mjs", Map.of("CARDEA_URL", server.url(""), "CLIENT_ID",
                client.clientId(), "CLIENT_SECRET", client.secret(), "REDIRECT_URI",
                RelyingParty.REDIRECT_URI.toString(), "USER_EMAIL", EMAIL, "USER_PASSWORD", PASSWORD));

        assertThat(run.exitCode()).as(run::output).isZero();
        var result = run.result();
        assertThat(result.at("/discovery/issuer").asString()).isEqualTo(server.url(""));
        assertThat(result.at("/discovery/pkce").toString()).contains("S256");
        assertThat(result.at("/authorization/pages").toString()).isEqualTo("[\"sign-in\",\"consent\"]");
        assertThat(result.at("/authorization/code").asBoolean()).isTrue();
        assertThat(result.at("/authorization/state").asBoolean()).isTrue();
        assertThat(result.at("/token/tokenType").asString()).isEqualToIgnoringCase("Bearer");
        assertThat(result.at("/token/scope").asString()).contains("openid", "email");
        assertThat(result.at("/token/idToken/email").asString()).isEqualTo(EMAIL);
        assertThat(result.at("/token/refreshToken").asBoolean()).isTrue();
        String subject = result.at("/token/idToken/sub").asString();
        assertThat(subject).isNotEmpty();
        assertThat(result.at("/userinfo/sub").asString()).isEqualTo(subject);
        assertThat(result.at("/userinfo/email").asString()).isEqualTo(EMAIL);
        assertThat(result.at("/refresh/accessToken").asBoolean()).isTrue();
        assertThat(result.at("/refresh/rotated").asBoolean()).isTrue();
        assertThat(result.at("/introspection/active").asBoolean()).isTrue();
        assertThat(result.at("/introspection/sub").asString()).isEqualTo(subject);
        assertThat(result.at("/introspection/clientId").asString()).isEqualTo("node-web");
        assertThat(result.at("/revocation").toString()).isEqualTo("{\"activeAfter\":false}");
    }
}
