package io.cardea.deploy;

import static io.cardea.deploy.Chart.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ImageAndNotesTest {

    @Test
    void theImageRunsAsTheUserTheChartRequires() throws IOException {
        String dockerfile = Files.readString(Chart.DIR.resolve("../../image/Dockerfile"));
        long chartUser = Chart.render(Chart.requiredValues()).one(Deployment.class)
                .getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();

        assertThat(dockerfile)
                .contains("FROM ${JRE_IMAGE}", "eclipse-temurin:25-jre")
                .contains("--uid " + chartUser, "USER " + chartUser + ":")
                .contains("COPY --chown=root:root cardea-dist/target/cardea/lib/ lib/")
                .contains("-XX:AOTCache=/opt/cardea/cardea.aot", "\"-cp\", \"lib/*\", \"io.cardea.Cardea\"");
    }

    @Test
    void notesSayHowToReachTheSignInPageAndCheckReadiness() {
        assertThat(Chart.notes(Chart.requiredValues()))
                .contains("port-forward service/cardea", "/sign-in", "/health/ready", "rollout status")
                .contains("oauth2.issuer is not set")
                .contains("--set migrations.contractForRelease=0.1.0");

        var withIngress = put(Chart.requiredValues(), "ingress.enabled", true);
        put(withIngress, "ingress.host", "id.example.com");
        put(withIngress, "ingress.tlsSecret", "tls");
        put(withIngress, "oauth2.issuer", "https://id.example.com");
        assertThat(Chart.notes(withIngress)).contains("https://id.example.com/sign-in")
                .doesNotContain("port-forward", "oauth2.issuer is not set");
    }
}
