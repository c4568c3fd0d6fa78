package io.cardea.deploy;

import static io.cardea.deploy.Chart.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.deploy.Chart.Manifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guards `cardea upgrade run` has, as the chart's hooks: the plan check, the backup before the
 * migrations, and `helm test`'s smoke test. Helm runs a phase's hooks by ascending weight and stops at
 * the first that fails.
 */
class UpgradeGuardsTest {

    @Test
    void thePlanCheckRunsBeforeTheMigrationsWithTheNewImageOnTheLiveDatabase() {
        Manifests manifests = Chart.render(Chart.requiredValues());
        Job check = manifests.named(Job.class, "cardea-upgrade-plan");
        Job up = manifests.named(Job.class, "cardea-migrate-up");

        assertThat(check.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
        assertThat(weight(check)).isLessThan(weight(up));
        Container plan = container(check);
        assertThat(plan.getArgs()).containsExactly("upgrade", "plan", "--from-live");
        assertThat(plan.getImage()).isEqualTo(server(manifests).getImage());
        assertThat(Chart.env(plan, "CARDEA_DATABASE_URL").getValue()).isEqualTo("jdbc:postgresql://db.internal:5432/cardea");
        assertThat(Chart.env(plan, "CARDEA_DATABASE_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("cardea-db");
        assertThat(check.getSpec().getBackoffLimit()).as("a verdict does not change on a retry").isZero();
    }

    @Test
    void thePlanCheckAcknowledgesAMajorOnlyWhenToldAndCanBeTurnedOff() {
        Manifests major = Chart.render(put(Chart.requiredValues(), "upgrade.planCheck.allowMajor", true));
        Manifests off = Chart.render(put(Chart.requiredValues(), "upgrade.planCheck.enabled", false));

        assertThat(container(major.named(Job.class, "cardea-upgrade-plan")).getArgs())
                .containsExactly("upgrade", "plan", "--from-live", "--allow-major");
        assertThat(off.all(Job.class)).extracting(j -> j.getMetadata().getName()).containsExactly("cardea-migrate-up");
    }

    @Test
    void noBackupUnlessAskedFor() {
        Manifests manifests = Chart.render(Chart.requiredValues());

        assertThat(manifests.all(Job.class)).noneMatch(j -> j.getMetadata().getName().contains("backup"));
        assertThat(manifests.all(PersistentVolumeClaim.class)).isEmpty();
    }

    @Test
    void theBackupRunsAfterThePlanCheckAndBeforeTheMigrationsIntoAClaimTheChartCreatesAndKeeps() {
        Map<String, Object> values = put(Chart.requiredValues(), "backup.beforeUpgrade.enabled", true);
        put(values, "backup.beforeUpgrade.size", "20Gi");
        put(values, "backup.beforeUpgrade.storageClass", "fast-ssd");
        put(values, "backup.beforeUpgrade.keep", 3);
        Manifests manifests = Chart.render(values);
        Job backup = manifests.named(Job.class, "cardea-backup");
        PersistentVolumeClaim claim = manifests.one(PersistentVolumeClaim.class);

        assertThat(backup.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-upgrade");
        assertThat(weight(backup)).isGreaterThan(weight(manifests.named(Job.class, "cardea-upgrade-plan")))
                .isLessThan(weight(manifests.named(Job.class, "cardea-migrate-up")));
        Container dump = container(backup);
        assertThat(dump.getArgs()).containsExactly("backup", "--dir", "/backups");
        assertThat(Chart.env(dump, "CARDEA_BACKUP_KEEP").getValue()).isEqualTo("3");
        assertThat(dump.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/backups");
            assertThat(claimOf(backup, m.getName())).isEqualTo("cardea-backups");
        });

        // A hook itself, so that it exists before the backup of the upgrade that enables it; never deleted by Helm.
        assertThat(claim.getMetadata().getName()).isEqualTo("cardea-backups");
        assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep")
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade").doesNotContainKey("helm.sh/hook-delete-policy");
        assertThat(weight(claim)).isLessThan(weight(backup));
        assertThat(claim.getSpec().getResources().getRequests().get("storage")).hasToString("20Gi");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
    }

    @Test
    void theBackupGoesToTheOperatorsClaimWhenNamed() {
        Map<String, Object> values = put(Chart.requiredValues(), "backup.beforeUpgrade.enabled", true);
        put(values, "backup.beforeUpgrade.existingClaim", "identity-backups");
        Manifests manifests = Chart.render(values);
        Job backup = manifests.named(Job.class, "cardea-backup");

        assertThat(manifests.all(PersistentVolumeClaim.class)).isEmpty();
        assertThat(claimOf(backup, "backups")).isEqualTo("identity-backups");
    }

    @Test
    void helmTestRunsTheSmokeTestAgainstTheServiceWithSecretsOnlyFromTheOperatorsSecret() {
        Map<String, Object> values = put(Chart.requiredValues(), "smokeTest.enabled", true);
        put(values, "smokeTest.existingSecret", "cardea-smoke");
        put(values, "smokeTest.clientSecretKey", "probe-client-secret");
        Manifests manifests = Chart.render(values);
        Pod test = manifests.one(Pod.class);
        Container smoke = test.getSpec().getContainers().getFirst();

        assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
        assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(smoke.getArgs()).containsExactly("smoke", "--url", "http://cardea.identity.svc:80", "--create-probe");
        assertThat(smoke.getImage()).isEqualTo(server(manifests).getImage());
        assertThat(Chart.env(smoke, "CARDEA_SMOKE_PROBE_EMAIL").getValue()).isEqualTo("smoke-probe@cardea.invalid");
        assertThat(Chart.env(smoke, "CARDEA_SMOKE_CLIENT_ID").getValue()).isEqualTo("smoke-probe");
        assertThat(Map.of("CARDEA_SMOKE_ADMIN_TOKEN", "admin-token", "CARDEA_SMOKE_PROBE_PASSWORD", "probe-password",
                "CARDEA_SMOKE_CLIENT_SECRET", "probe-client-secret")).allSatisfy((name, key) -> {
                    EnvVar secret = Chart.env(smoke, name);
                    assertThat(secret.getValue()).isNull();
                    assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("cardea-smoke");
                    assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
                });
    }

    @Test
    void behindAnIssuerTheSmokeTestExpectsItInTheTokens() {
        Map<String, Object> values = put(Chart.requiredValues(), "smokeTest.enabled", true);
        put(values, "smokeTest.existingSecret", "cardea-smoke");
        put(values, "smokeTest.createProbe", false);
        put(values, "oauth2.issuer", "https://id.example.com");

        assertThat(Chart.render(values).one(Pod.class).getSpec().getContainers().getFirst().getArgs())
                .containsExactly("smoke", "--url", "http://cardea.identity.svc:80", "--issuer", "https://id.example.com");
        assertThat(Chart.render(Chart.requiredValues()).all(Pod.class)).as("off by default").isEmpty();
    }

    @Test
    void theSchemaRefusesASmokeTestWithoutItsSecretAndABadBackupSize() {
        Map<String, Object> noSecret = put(Chart.requiredValues(), "smokeTest.enabled", true);
        Map<String, Object> badSize = put(Chart.requiredValues(), "backup.beforeUpgrade.size", "lots");
        Map<String, Object> keepNone = put(Chart.requiredValues(), "backup.beforeUpgrade.keep", 0);

        assertThatThrownBy(() -> Chart.render(noSecret)).hasMessageContaining("schema")
                .hasMessageContaining("existingSecret");
        assertThatThrownBy(() -> Chart.render(badSize)).hasMessageContaining("/backup/beforeUpgrade/size");
        assertThatThrownBy(() -> Chart.render(keepNone)).hasMessageContaining("/backup/beforeUpgrade/keep");
    }

    private static int weight(HasMetadata hook) {
        return Integer.parseInt(hook.getMetadata().getAnnotations().get("helm.sh/hook-weight"));
    }

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    private static Container server(Manifests manifests) {
        return manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    private static String claimOf(Job job, String volume) {
        return job.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(volume))
                .findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName();
    }
}
