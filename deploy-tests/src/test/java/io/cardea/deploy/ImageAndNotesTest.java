package io.cardea.deploy;

import static io.cardea.deploy.Chart.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void theImageCarriesPgDumpOfEverySupportedServerMajorForTheBackupJob() throws IOException {
        // A dump needs the pg_dump of the server's major: 15 (embedded) to 18, as docs/kubernetes.md supports.
        String dockerfile = Files.readString(Chart.DIR.resolve("../../image/Dockerfile"));

        assertThat(group(dockerfile, "(?m)^ARG PG_CLIENT_MAJORS=\"(.+)\"$")).isEqualTo("15 16 17 18");
        assertThat(dockerfile).contains("postgresql-client-${major}", "apt.postgresql.org/pub/repos/apt");
        assertThat(dockerfile.indexOf("postgresql-client-")).as("installed while still root")
                .isLessThan(dockerfile.indexOf("USER 10001"));
    }

    @Test
    void theChartTheImageAndTheLauncherRunTheJvmWithTheReleasesOptionsFile() throws IOException {
        // The release's conf/jvm.options, which the AOT cache is made with: the JVM refuses it under others.
        String launcher = Files.readString(Chart.DIR.resolve("../../../bin/cardea"));
        String dockerfile = Files.readString(Chart.DIR.resolve("../../image/Dockerfile"));
        String image = group(dockerfile, "(?m)^ENV JDK_JAVA_OPTIONS=\"(.+)\"$");

        assertThat(launcher).contains("jvm_options=(@\"$dist/conf/jvm.options\")",
                "CARDEA_AOT_JAVA_OPTS=\"${jvm_options[*]}\"");
        assertThat(dockerfile).contains("WORKDIR /opt/cardea", "COPY --chown=root:root cardea-dist/target/cardea/conf/ conf/");
        assertThat(image).isEqualTo("@/opt/cardea/conf/jvm.options");
        assertThat(chartJavaOptions(Chart.requiredValues())).isEqualTo(image);
        assertThat(chartJavaOptions(put(Chart.requiredValues(), "server.javaOpts", "-Xmx256m -Dx=1")))
                .as("the operator's options after the file's, so they win").isEqualTo(image + " -Xmx256m -Dx=1");
        assertThat(Files.readString(Chart.DIR.resolve("../../image/aot-training")))
                .contains("serve --port", "${CARDEA_AOT_JAVA_OPTS:-} -XX:AOTCacheOutput=");
    }

    private static String chartJavaOptions(Map<String, Object> values) {
        return Chart.render(values).one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getEnv().stream().filter(e -> e.getName().equals("JDK_JAVA_OPTIONS")).map(EnvVar::getValue)
                .findFirst().orElseThrow();
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in the file", regex).isTrue();
        return m.group(1);
    }

    @Test
    void notesSayHowToReachTheSignInPageAndCheckReadiness() throws Exception {
        assertThat(Chart.notes(Chart.requiredValues()))
                .contains("port-forward service/cardea", "/sign-in", "/health/ready", "rollout status")
                .contains("oauth2.issuer is not set")
                .contains("--set migrations.contractForRelease=" + Chart.appVersion())
                .contains("logs job/cardea-upgrade-plan").doesNotContain("helm test");

        var withIngress = put(Chart.requiredValues(), "ingress.enabled", true);
        put(withIngress, "ingress.host", "id.example.com");
        put(withIngress, "ingress.tlsSecret", "tls");
        put(withIngress, "oauth2.issuer", "https://id.example.com");
        put(withIngress, "smokeTest.enabled", true);
        put(withIngress, "smokeTest.existingSecret", "cardea-smoke");
        assertThat(Chart.notes(withIngress)).contains("https://id.example.com/sign-in")
                .contains("helm test cardea -n identity --logs")
                .doesNotContain("port-forward", "oauth2.issuer is not set");
    }
}
