package io.cardea.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.testing.load.LoadReport;
import java.util.List;

/** What every test of an upgrade checks once it is over. */
final class UpgradeAssertions {

    private UpgradeAssertions() {}

    static void noFailedRequests(LoadReport load) {
        assertThat(load.requests()).as("requests sent during the run").isGreaterThan(100);
        assertThat(load.failures()).as("failed requests: " + load).isZero();
    }

    static void servingOnly(UpgradeDeployment deployment, String release, int instances) throws Exception {
        List<InstanceView> running = deployment.running();
        assertThat(running).extracting(InstanceView::release).containsOnly(release);
        assertThat(running).hasSize(instances);
        assertThat(deployment.control().currentRelease()).isEqualTo(release);
    }

    /** A token issued before the upgrade verifies against the JWKS the gateway serves now. */
    static void verifiesOnTheJwksNow(UpgradeDeployment deployment, String token) throws Exception {
        var jwks = JWKSet.parse(new Http(deployment.gateway).get("/oauth2/jwks").body());
        SignedJWT jwt = SignedJWT.parse(token);
        var key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the key " + jwt.getHeader().getKeyID() + " is still published").isNotNull();
        assertThat(jwt.verify(key instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key))).isTrue();
    }
}
