package io.cardea.deploy;

import static io.cardea.deploy.Chart.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.cardea.deploy.Chart.Manifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChartTest {

    /** The server's graceful shutdown timeout (spring.lifecycle.timeout-per-shutdown-phase). */
    private static final int GRACEFUL_SHUTDOWN_SECONDS = 30;

    /** Environment variables that carry secrets: each must come from a Secret, never a value. */
    private static final List<String> SECRET_ENV = List.of("CARDEA_DATABASE_USER", "CARDEA_DATABASE_PASSWORD",
            "CARDEA_SECRETS_SYSTEM", "CARDEA_SECRETS_COOKIE", "CARDEA_ADMIN_TOKENS", "CARDEA_METRICS_TOKEN");

    static Stream<Map<String, Object>> defaultAndNonDefaultValues() {
        return Stream.of(Chart.requiredValues(), nonDefaultValues());
    }

    @ParameterizedTest
    @MethodSource("defaultAndNonDefaultValues")
    void helmLintFindsNothing(Map<String, Object> values) {
        LintResult lint = Chart.lint(values);

        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void helmLintFailsOnValuesTheSchemaRefuses() {
        LintResult lint = Chart.lint(put(Chart.requiredValues(), "replicaCount", 0));

        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("replicaCount");
    }

    @Test
    void defaultsRollWithoutDowntime() {
        Deployment deployment = Chart.render(Chart.requiredValues()).one(Deployment.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var strategy = deployment.getSpec().getStrategy();
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        var antiAffinity = pod.getAffinity().getPodAntiAffinity();
        assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(term -> assertThat(term.getPodAffinityTerm().getTopologyKey())
                        .isEqualTo("kubernetes.io/hostname"));
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    @Test
    void resourcesFitTheMeasuredServerWithAFixedHeap() throws IOException {
        Container server = serverContainer(Chart.render(Chart.requiredValues()));
        var resources = server.getResources();
        String javaOptions = server.getEnv().stream().filter(e -> e.getName().equals("JDK_JAVA_OPTIONS"))
                .map(EnvVar::getValue).findFirst().orElseThrow();
        String releaseOptions = Files.readString(Chart.DIR.resolve("../../../cardea-dist/src/main/dist/conf/jvm.options"));

        // bench/results/server.md: about 278 MiB resident after load with a 128 MB heap.
        assertThat(javaOptions).isEqualTo("@/opt/cardea/conf/jvm.options");
        assertThat(releaseOptions).containsPattern("(?m)^-Xmx128m$").doesNotContain("RAMPercentage");
        assertThat(resources.getRequests().get("memory").getNumericalAmount().longValue())
                .isGreaterThanOrEqualTo(320L << 20);
        assertThat(resources.getLimits().get("memory").getNumericalAmount().longValue())
                .isGreaterThan(resources.getRequests().get("memory").getNumericalAmount().longValue());
        assertThat(resources.getLimits()).as("no CPU limit: throttling shows up as latency").doesNotContainKey("cpu");
        assertThat(resources.getRequests()).containsKey("cpu");
    }

    @Test
    void probesUseCardeasHealthEndpoints() {
        Container server = serverContainer(Chart.render(Chart.requiredValues()));

        assertThat(server.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8080));
        assertProbe(server.getStartupProbe(), "/health/started");
        assertProbe(server.getLivenessProbe(), "/health/alive");
        assertProbe(server.getReadinessProbe(), "/health/ready");
        assertThat(server.getArgs()).containsExactly("serve", "--bind", "0.0.0.0", "--port", "8080");
    }

    @Test
    void podsOutliveTheirPreStopPauseDrainAndGracefulShutdown() {
        Manifests manifests = Chart.render(Chart.requiredValues());
        Container server = serverContainer(manifests);
        PodSpec pod = manifests.one(Deployment.class).getSpec().getTemplate().getSpec();

        long pause = server.getLifecycle().getPreStop().getSleep().getSeconds();
        int drain = Integer.parseInt(Chart.env(server, "CARDEA_SHUTDOWN_DRAIN_DELAY").getValue().replace("s", ""));
        assertThat(pause).as("preStop pause, for endpoints to drop the pod").isGreaterThanOrEqualTo(5);
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(pause + drain + GRACEFUL_SHUTDOWN_SECONDS);
    }

    @Test
    void aGracePeriodShorterThanTheShutdownIsRefusedWithTheFix() {
        Map<String, Object> values = put(Chart.requiredValues(), "shutdown.preStopSleepSeconds", 30);

        assertThatThrownBy(() -> Chart.render(values))
                .hasMessageContaining("shutdown.terminationGracePeriodSeconds is 60 but a pod may take 65 s to stop")
                .hasMessageContaining("set it above 65");
    }

    @Test
    void podDisruptionBudgetKeepsAllButOnePodOnADrain() {
        Manifests manifests = Chart.render(Chart.requiredValues());
        PodDisruptionBudget budget = manifests.one(PodDisruptionBudget.class);

        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(manifests.one(Deployment.class).getSpec().getSelector().getMatchLabels());
    }

    @Test
    void expandMigrationsRunAsAHookBeforeThePodsAndTheServerNeverMigrates() {
        Manifests manifests = Chart.render(Chart.requiredValues());
        Job up = manifests.named(Job.class, "cardea-migrate-up");

        assertThat(up.getMetadata().getAnnotations())
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-weight", "0")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
        assertThat(up.getSpec().getBackoffLimit()).isEqualTo(1);
        assertThat(up.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800);
        Container migrate = up.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(migrate.getArgs()).containsExactly("migrate", "up");
        assertThat(migrate.getImage()).isEqualTo(serverContainer(manifests).getImage());

        // The Deployment is no hook: Helm applies it only once the pre-upgrade Job succeeded.
        Deployment deployment = manifests.one(Deployment.class);
        assertThat(deployment.getMetadata().getAnnotations()).isNullOrEmpty();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).isEmpty();
        assertThat(pod.getContainers()).allSatisfy(c -> {
            assertThat(c.getArgs()).doesNotContain("migrate");
            assertThat(c.getCommand()).isEmpty();
        });
        assertThat(manifests.all(Job.class)).as("no contract Job unless asked for").extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder("cardea-upgrade-plan", "cardea-migrate-up");
    }

    @Test
    void contractRunsOnlyForTheReleaseItWasAskedFor() {
        Manifests asked = Chart.render(put(Chart.requiredValues(), "migrations.contractForRelease", Chart.appVersion()));
        Job contract = asked.named(Job.class, "cardea-migrate-contract");
        assertThat(contract.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "post-install,post-upgrade");
        assertThat(contract.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs())
                .containsExactly("migrate", "contract");

        // Left over from the previous upgrade, it must not run while the next release rolls out.
        Map<String, Object> nextRelease = put(Chart.requiredValues(), "migrations.contractForRelease", Chart.appVersion());
        put(nextRelease, "image.tag", "99.0.0");
        assertThat(Chart.render(nextRelease).all(Job.class)).extracting(job -> job.getMetadata().getName())
                .contains("cardea-migrate-up").doesNotContain("cardea-migrate-contract");
    }

    @Test
    void secretsAreOnlyReferencedFromTheOperatorsSecrets() {
        Map<String, Object> values = Chart.requiredValues();
        put(values, "secrets.adminTokensKey", "admin-tokens");
        put(values, "secrets.metricsTokenKey", "metrics-token");
        put(values, "backup.beforeUpgrade.enabled", true);
        put(values, "smokeTest.enabled", true);
        put(values, "smokeTest.existingSecret", "cardea-smoke");
        Manifests manifests = Chart.render(values);

        List<Container> containers = Stream.of(
                manifests.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()),
                manifests.all(Job.class).stream().map(j -> j.getSpec().getTemplate().getSpec()),
                manifests.all(Pod.class).stream().map(Pod::getSpec))
                .flatMap(pods -> pods).flatMap(pod -> pod.getContainers().stream()).toList();
        // The server, plan check, backup, migrate up, and the smoke test.
        assertThat(containers).hasSize(5).allSatisfy(c -> c.getEnv().stream()
                .filter(e -> SECRET_ENV.contains(e.getName()) || e.getName().startsWith("CARDEA_SMOKE_")
                        && !e.getName().matches("CARDEA_SMOKE_(PROBE_EMAIL|CLIENT_ID)"))
                .forEach(e -> {
                    assertThat(e.getValue()).as(e.getName()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName())
                            .isIn("cardea-db", "cardea-secrets", "cardea-smoke");
                }));
        assertThat(serverContainer(manifests).getEnv()).extracting(EnvVar::getName).containsAll(SECRET_ENV);
        assertThat(manifests.resources()).noneMatch(r -> r.getKind().equals("Secret") || r.getKind().equals("ConfigMap"));
    }

    @Test
    void theCookieSecretComesFromTheOperatorsSecretLikeTheSystemSecret() {
        Manifests manifests = Chart.render(put(Chart.requiredValues(), "secrets.cookieKey", "cookie-2026"));

        EnvVar cookie = serverContainer(manifests).getEnv().stream()
                .filter(e -> e.getName().equals("CARDEA_SECRETS_COOKIE")).findFirst().orElseThrow();
        assertThat(cookie.getValue()).isNull();
        assertThat(cookie.getValueFrom().getSecretKeyRef().getName()).isEqualTo("cardea-secrets");
        assertThat(cookie.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("cookie-2026");
        assertThat(Chart.render(Chart.requiredValues()).one(Deployment.class).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv()).filteredOn(e -> e.getName().equals("CARDEA_SECRETS_COOKIE"))
                .singleElement().satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getKey())
                        .isEqualTo("cookie"));
    }

    @Test
    void secretsGivenAsValuesAreRefusedAndNeverRendered() {
        String password = "s3cret-passw0rd-never-in-a-manifest";
        Map<String, Object> inUrl = put(Chart.requiredValues(), "database.url",
                "jdbc:postgresql://db:5432/cardea?user=cardea&password=" + password);
        Map<String, Object> inExtraEnv = put(Chart.requiredValues(), "extraEnv.CARDEA_DATABASE_PASSWORD", password);

        for (Map<String, Object> values : List.of(inUrl, inExtraEnv)) {
            assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("schema")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("kind:"));
        }
        Manifests legit = Chart.render(put(Chart.requiredValues(), "extraEnv.CARDEA_LOG_LEVEL", "info"));
        assertThat(legit.text()).doesNotContain(password);
        assertThat(Chart.env(serverContainer(legit), "CARDEA_LOG_LEVEL").getValue()).isEqualTo("info");
    }

    /** Every optional part switched on, and most defaults changed. */
    private static Map<String, Object> nonDefaultValues() {
        Map<String, Object> values = Chart.requiredValues();
        put(values, "replicaCount", 4);
        put(values, "antiAffinity", "required");
        put(values, "oauth2.issuer", "https://id.example.com");
        put(values, "ingress.enabled", true);
        put(values, "ingress.className", "nginx");
        put(values, "ingress.host", "id.example.com");
        put(values, "ingress.tlsSecret", "id-example-com-tls");
        put(values, "serviceMonitor.enabled", true);
        put(values, "secrets.metricsTokenKey", "metrics-token");
        put(values, "podDisruptionBudget.enabled", false);
        put(values, "image.tag", "0.2.0");
        put(values, "upgrade.planCheck.allowMajor", true);
        put(values, "backup.beforeUpgrade.enabled", true);
        put(values, "backup.beforeUpgrade.storageClass", "fast-ssd");
        put(values, "smokeTest.enabled", true);
        put(values, "smokeTest.existingSecret", "cardea-smoke");
        return values;
    }

    @Test
    void nonDefaultValuesReachTheManifests() {
        Manifests manifests = Chart.render(nonDefaultValues());

        Deployment deployment = manifests.one(Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(4);
        assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(term -> assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        Container server = serverContainer(manifests);
        assertThat(server.getImage()).endsWith(":0.2.0");
        assertThat(Chart.env(server, "CARDEA_OAUTH2_ISSUER").getValue()).isEqualTo("https://id.example.com");
        assertThat(Chart.env(server, "CARDEA_TRUSTED_PROXIES").getValue()).startsWith("10\\.").contains("192\\.168\\.");
        assertThat(manifests.all(PodDisruptionBudget.class)).isEmpty();

        Ingress ingress = manifests.one(Ingress.class);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("id.example.com");
            assertThat(rule.getHttp().getPaths().getFirst().getBackend().getService().getName())
                    .isEqualTo(manifests.one(Service.class).getMetadata().getName());
        });
        assertThat(ingress.getSpec().getTls().getFirst().getSecretName()).isEqualTo("id-example-com-tls");

        GenericKubernetesResource monitor = manifests.one(GenericKubernetesResource.class);
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "authorization", "credentials", "key"))
                .isEqualTo("metrics-token");
    }

    @Test
    void withoutAnIngressTheServerTrustsNoForwardedHeaders() {
        Manifests manifests = Chart.render(Chart.requiredValues());

        assertThat(serverContainer(manifests).getEnv()).extracting(EnvVar::getName)
                .doesNotContain("CARDEA_TRUSTED_PROXIES", "CARDEA_OAUTH2_ISSUER");
        assertThat(manifests.all(Ingress.class)).isEmpty();
        assertThat(manifests.all(GenericKubernetesResource.class)).isEmpty();
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("replicaCount", 0, "/replicaCount"),
                Arguments.of("replicaCount", "two", "/replicaCount"),
                Arguments.of("database.url", null, "/database/url"),
                Arguments.of("database.url", "postgres://db/cardea", "/database/url"),
                Arguments.of("database.existingSecret", "", "/database/existingSecret"),
                Arguments.of("secrets.existingSecret", null, "/secrets/existingSecret"),
                Arguments.of("secrets.cookieKey", "", "/secrets/cookieKey"),
                Arguments.of("shutdown.terminationGracePeriodSeconds", 10, "/shutdown/terminationGracePeriodSeconds"),
                Arguments.of("antiAffinity", "sometimes", "/antiAffinity"),
                Arguments.of("oauth2.issuer", "id.example.com", "/oauth2/issuer"),
                Arguments.of("ingress.enabled", true, "/ingress/host"),
                Arguments.of("serviceMonitor.enabled", true, "/secrets/metricsTokenKey"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void schemaRefusesBadValuesAtInstall(String path, Object value, String faultNamed) {
        Map<String, Object> values = put(Chart.requiredValues(), path, value);

        assertThatThrownBy(() -> Chart.render(values)).hasMessageContaining("schema").hasMessageContaining(faultNamed);
    }

    private static Container serverContainer(Manifests manifests) {
        return manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
}
