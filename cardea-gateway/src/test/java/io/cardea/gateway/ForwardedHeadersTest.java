package io.cardea.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest extends GatewayTestCase {

    private void getWithClaims() throws Exception {
        send(request("/oauth2/auth")
                .header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "id.example.com")
                .header("Forwarded", "for=203.0.113.7;proto=https")
                .header("X-Real-IP", "203.0.113.7")
                .GET());
    }

    @Test
    void theUpstreamSeesTheGatewaysViewOfTheClientNotWhatTheClientClaims() throws Exception {
        TestUpstream server = upstream("server");
        start(settings(server));

        getWithClaims();

        var seen = server.lastHeaders;
        int port = gateway.address().getPort();
        String authority = gateway.address().getAuthority();
        assertThat(seen.get("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.get("X-Forwarded-Proto")).containsExactly("http");
        assertThat(seen.get("X-Forwarded-Host")).containsExactly(authority);
        assertThat(seen.get("X-Forwarded-Port")).containsExactly(String.valueOf(port));
        assertThat(seen.get("Host")).containsExactly(authority);
        assertThat(seen.containsKey("Forwarded")).isFalse();
        assertThat(seen.containsKey("X-Real-ip")).isFalse();
    }

    @Test
    void aTrustedProxyInFrontKeepsItsHeadersAndTheChainGrows() throws Exception {
        TestUpstream server = upstream("server");
        start(settings(server).withTrustedProxies(Set.of(InetAddress.getByName("127.0.0.1"))));

        getWithClaims();

        var seen = server.lastHeaders;
        assertThat(seen.get("X-Forwarded-For")).containsExactly("203.0.113.7, 127.0.0.1");
        assertThat(seen.get("X-Forwarded-Proto")).containsExactly("https");
        assertThat(seen.get("X-Forwarded-Host")).containsExactly("id.example.com");
        assertThat(seen.get("X-Forwarded-Port")).containsExactly("443");
        assertThat(seen.containsKey("Forwarded")).isFalse();
    }
}
