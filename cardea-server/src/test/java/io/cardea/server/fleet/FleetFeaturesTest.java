package io.cardea.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.InstanceState;
import io.cardea.migrate.registry.SwitchedOnFeatures;
import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Features switching on fleet-wide, with instances of two releases in a real registry. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetFeaturesTest {

    private static final Feature NEW_FORMAT = new Feature("new-token-format", "0.3.0",
            "cannot read tokens in the new format: their holders sign in again");

    private final TestDatabase db;
    private final AtomicInteger connections = new AtomicInteger();
    private final DataSource counted;
    private final InstanceRegistry registry;
    private final JdbcClient sql;

    FleetFeaturesTest(TestDatabase db) {
        this.db = db;
        this.counted = counting(db.dataSource(), connections);
        this.registry = new InstanceRegistry(db.dataSource());
        this.sql = JdbcClient.create(db.dataSource());
    }

    @BeforeAll
    void migrate() {
        TestServer.migrate(db);
    }

    @BeforeEach
    void emptyFleet() throws Exception {
        registry.register(instance("warm-up", "0.0.1")); // creates the registry's table
        sql.sql("DELETE FROM cardea_instances").update();
        sql.sql("DELETE FROM fleet_features").update();
    }

    @Test
    void offWhileAnInstanceOfTheOlderReleaseIsLive() throws Exception {
        registry.register(instance("old", "0.2.5"));
        registry.register(instance("new", "0.3.0"));
        FleetFeatures fleet = fleet("0.3.0");

        fleet.refresh();

        assertThat(fleet.isOn(NEW_FORMAT)).isFalse();
        FeatureState state = fleet.states().getFirst();
        assertThat(state.why()).contains("held back by 1 instance(s) of a release before 0.3.0", "0.2.5 at http://old");
        assertThat(state.heldBackBy()).extracting(FeatureState.Holder::id).containsExactly("old");
        assertThat(switchedOnRows()).isZero();
    }

    @Test
    void onOnceOnlyInstancesOfThatReleaseOrLaterAreLive() throws Exception {
        registry.register(instance("old", "0.2.5"));
        registry.register(instance("new", "0.3.0"));
        FleetFeatures fleet = fleet("0.3.0");
        fleet.refresh();

        registry.remove("old");
        registry.register(instance("later", "0.10.0")); // 0.10 is later than 0.3, by number
        fleet.refresh();

        assertThat(fleet.isOn(NEW_FORMAT)).isTrue();
        FeatureState state = fleet.states().getFirst();
        assertThat(state.since()).isNotNull();
        assertThat(state.heldBackBy()).isEmpty();
        assertThat(state.why()).startsWith("switched on by test-process (0.3.0)");
        assertThat(new SwitchedOnFeatures(db.dataSource()).list()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("new-token-format");
            assertThat(r.requiresRelease()).isEqualTo("0.3.0");
            assertThat(r.withoutIt()).isEqualTo(NEW_FORMAT.withoutIt());
        });
        // Another instance reads the record, and does not write it again.
        FleetFeatures other = fleet("0.10.0");
        other.refresh();
        assertThat(other.isOn(NEW_FORMAT)).isTrue();
        assertThat(switchedOnRows()).isOne();
    }

    @Test
    void staysOnAcrossAHeartbeatGap() throws Exception {
        registry.register(instance("new", "0.3.0"));
        FleetFeatures fleet = fleet("0.3.0");
        fleet.refresh();
        assertThat(fleet.isOn(NEW_FORMAT)).isTrue();

        // No heartbeat for an hour: nobody is live, and the feature does not switch back.
        sql.sql("UPDATE cardea_instances SET heartbeat_at = now() - interval '1 hour'").update();
        fleet.refresh();
        assertThat(registry.live()).isEmpty();
        assertThat(fleet.isOn(NEW_FORMAT)).isTrue();
        assertThat(fleet("0.3.0").isOn(NEW_FORMAT)).as("before its first refresh").isFalse();
    }

    @Test
    void anOlderInstanceThatMissedAFewHeartbeatsStillHoldsItBack() throws Exception {
        registry.register(instance("stalled", "0.2.5"));
        registry.register(instance("new", "0.3.0"));
        sql.sql("UPDATE cardea_instances SET heartbeat_at = now() - interval '45 seconds' WHERE id = 'stalled'").update();
        FleetFeatures fleet = fleet("0.3.0");

        fleet.refresh();

        assertThat(registry.live()).extracting(Instance::id).containsExactly("new");
        assertThat(fleet.isOn(NEW_FORMAT)).isFalse();
    }

    @Test
    void anOlderInstanceAfterItSwitchedOnLeavesItOnAndIsNamed() throws Exception {
        registry.register(instance("new", "0.3.0"));
        FleetFeatures fleet = fleet("0.3.0");
        fleet.refresh();

        registry.register(instance("rolled-back", "0.2.5"));
        fleet.refresh();

        assertThat(fleet.isOn(NEW_FORMAT)).isTrue();
        FeatureState state = fleet.states().getFirst();
        assertThat(state.breached()).isTrue();
        assertThat(state.notHonouredBy()).extracting(FeatureState.Holder::id).containsExactly("rolled-back");
        assertThat(state.why()).contains("NOT honoured by 1 live instance(s)", NEW_FORMAT.withoutIt());
    }

    @Test
    void anInstanceOfAnOlderReleaseNeverSwitchesItOn() throws Exception {
        registry.register(instance("new", "0.3.0"));
        FleetFeatures fleet = fleet("0.2.9");

        fleet.refresh();

        assertThat(fleet.isOn(NEW_FORMAT)).isFalse();
        assertThat(fleet.states().getFirst().why()).isEqualTo("off: this instance runs 0.2.9, before 0.3.0");
    }

    @Test
    void anEmptyRegistrySwitchesNothingOn() {
        FleetFeatures fleet = fleet("0.3.0");

        fleet.refresh();

        assertThat(fleet.isOn(NEW_FORMAT)).isFalse();
        assertThat(fleet.states().getFirst().why()).isEqualTo("off: no instance is in the registry yet");
    }

    @Test
    void switchedOffByARollbackItSwitchesOnAgainOnceTheFleetHonoursIt() throws Exception {
        registry.register(instance("new", "0.3.0"));
        FleetFeatures fleet = fleet("0.3.0");
        fleet.refresh();
        registry.register(instance("old", "0.2.5"));

        new SwitchedOnFeatures(db.dataSource()).switchOff(List.of(NEW_FORMAT.name()));
        fleet.refresh();
        assertThat(fleet.isOn(NEW_FORMAT)).isFalse();

        registry.remove("old");
        fleet.refresh();
        assertThat(fleet.isOn(NEW_FORMAT)).isTrue();
    }

    @Test
    void isOnAnswersFromMemoryAndOnlyARefreshReadsTheDatabase() throws Exception {
        registry.register(instance("new", "0.3.0"));
        FleetFeatures fleet = fleet("0.3.0");
        fleet.refresh();
        int afterRefresh = connections.get();
        assertThat(afterRefresh).isPositive();

        for (int i = 0; i < 10_000; i++) {
            assertThat(fleet.isOn(NEW_FORMAT)).isTrue();
        }
        fleet.states();

        assertThat(connections.get()).isEqualTo(afterRefresh);
    }

    @Test
    void anUndeclaredFeatureIsAnError() {
        FleetFeatures fleet = fleet("0.3.0");
        Feature undeclared = new Feature("other", "0.3.0", "skips it");
        Feature twin = new Feature(NEW_FORMAT.name(), "0.4.0", "skips it");

        assertThatThrownBy(() -> fleet.isOn(undeclared)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature other is not declared");
        assertThatThrownBy(() -> fleet.isOn(twin)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FleetFeatures(registry, new SwitchedOnFeatures(counted), "0.3.0", "p",
                List.of(NEW_FORMAT, twin))).hasMessageContaining("two features are named new-token-format");
        assertThatThrownBy(() -> new Feature("Second Factor", "0.3.0", "skips it"))
                .hasMessageContaining("lower case, digits and dashes");
        assertThatThrownBy(() -> new Feature("mfa", "0.3", "skips it")).hasMessageContaining("MAJOR.MINOR.PATCH");
    }

    @Test
    void theAdminApiListsTheFeatures() {
        String token = "admin-token-for-fleet-tests-0123";
        try (TestServer server = TestServer.start(db, Map.of("cardea.admin.tokens", token))) {
            assertThat(server.call("GET", "/admin/fleet/features", null, null).status()).isEqualTo(401);
            var answer = server.call("GET", "/admin/fleet/features", token, null);
            assertThat(answer.status()).isEqualTo(200);
            JsonNode body = Json.read(answer.body());
            assertThat(body.get("features").isArray()).isTrue();
            assertThat(body.get("release").asString()).isNotBlank();
        }
    }

    @Test
    void aFeatureFollowingTheFleetIsOnWhileEveryLiveInstanceHonoursItAndIsNeverRecorded() throws Exception {
        Feature offer = Feature.followingTheFleet("recovery-mail", "0.3.0", "offers no recovery by mail");
        registry.register(instance("new", "0.3.0"));
        FleetFeatures fleet = new FleetFeatures(new InstanceRegistry(counted), new SwitchedOnFeatures(counted),
                "0.3.0", "test-process", List.of(offer));

        fleet.refresh();
        assertThat(fleet.isOn(offer)).isTrue();
        assertThat(fleet.states().getFirst().why()).startsWith("on while every live instance runs 0.3.0 or later");
        assertThat(switchedOnRows()).as("nothing for a roll-back to refuse").isZero();

        registry.register(instance("rolled-back", "0.2.5"));
        fleet.refresh();
        assertThat(fleet.isOn(offer)).isFalse();
        assertThat(fleet.states().getFirst().heldBackBy()).extracting(FeatureState.Holder::id)
                .containsExactly("rolled-back");

        registry.remove("rolled-back");
        fleet.refresh();
        assertThat(fleet.isOn(offer)).isTrue();
    }

    private FleetFeatures fleet(String release) {
        return new FleetFeatures(new InstanceRegistry(counted), new SwitchedOnFeatures(counted), release,
                "test-process", List.of(NEW_FORMAT));
    }

    private long switchedOnRows() {
        return sql.sql("SELECT count(*) FROM fleet_features").query(Long.class).single();
    }

    private static Instance instance(String id, String release) {
        return new Instance(id, release, "http://" + id + ":4433", 1, "host", InstanceState.SERVING, Instant.now(),
                Instant.now());
    }

    /** The real data source, counting the connections taken from it. */
    private static DataSource counting(DataSource real, AtomicInteger count) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        count.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
