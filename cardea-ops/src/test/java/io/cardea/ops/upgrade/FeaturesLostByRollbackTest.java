package io.cardea.ops.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.Migrator;
import io.cardea.migrate.registry.SwitchedOnFeatures;
import io.cardea.migrate.registry.SwitchedOnFeatures.SwitchedOn;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The roll-back's guard on a real schema: what going back below a switched-on feature loses, and forcing it. */
@ExtendWith(PostgresExtension.class)
class FeaturesLostByRollbackTest {

    private final TestDatabase db;
    private final SwitchedOnFeatures record;

    FeaturesLostByRollbackTest(TestDatabase db) {
        this.db = db;
        this.record = new SwitchedOnFeatures(db.dataSource());
    }

    @BeforeEach
    void schemaWithTwoFeaturesOn() throws Exception {
        Migrator.configure().dataSource(db.dataSource()).releaseMigrations().load().up();
        JdbcClient.create(db.dataSource()).sql("DELETE FROM fleet_features").update();
        record.switchOn("mfa-required", "0.3.0", "signs people in without their second factor", "pid 7 on a (0.3.0)");
        record.switchOn("compact-tokens", "0.4.0", "cannot read compact refresh tokens: their holders sign in again",
                "pid 8 on b (0.4.0)");
    }

    @Test
    void goingBelowAFeaturesReleaseIsRefusedNamingItAndWhatIsLost() throws Exception {
        FeaturesLostByRollback lost = FeaturesLostByRollback.read(db.dataSource(), "0.3.2");

        assertThat(lost.none()).isFalse();
        assertThat(lost.features()).extracting(SwitchedOn::name).containsExactly("compact-tokens");
        assertThat(lost.refusal())
                .startsWith("Refused: 0.3.2 does not honour 1 feature(s) switched on fleet-wide:")
                .contains("compact-tokens (needs 0.4.0, on since ")
                .contains("0.3.2 cannot read compact refresh tokens: their holders sign in again")
                .contains("`cardea upgrade rollback --force`")
                .doesNotContain("mfa-required");
    }

    @Test
    void goingBackToAReleaseThatHonoursEveryFeatureIsNotRefused() throws Exception {
        assertThat(FeaturesLostByRollback.read(db.dataSource(), "0.4.0").none()).isTrue();
        assertThat(FeaturesLostByRollback.read(db.dataSource(), "0.10.1").none()).isTrue();
        assertThat(FeaturesLostByRollback.read(db.dataSource(), "0.2.9").features()).extracting(SwitchedOn::name)
                .containsExactly("compact-tokens", "mfa-required");
    }

    @Test
    void aForcedRollBackSwitchesOffOnlyWhatTheReleaseDoesNotHonour() throws Exception {
        FeaturesLostByRollback lost = FeaturesLostByRollback.read(db.dataSource(), "0.3.2");

        String said = lost.switchOff(db.dataSource());

        assertThat(said).startsWith("Switched off compact-tokens:");
        assertThat(record.list()).extracting(SwitchedOn::name).containsExactly("mfa-required");
        assertThat(FeaturesLostByRollback.read(db.dataSource(), "0.3.2").none()).isTrue();
    }

    @Test
    void aSchemaFromBeforeTheRecordHasNothingSwitchedOn() throws Exception {
        JdbcClient.create(db.dataSource()).sql("ALTER TABLE fleet_features RENAME TO fleet_features_aside").update();
        try {
            assertThat(FeaturesLostByRollback.read(db.dataSource(), "0.1.0").none()).isTrue();
        } finally {
            JdbcClient.create(db.dataSource()).sql("ALTER TABLE fleet_features_aside RENAME TO fleet_features").update();
        }
    }
}
