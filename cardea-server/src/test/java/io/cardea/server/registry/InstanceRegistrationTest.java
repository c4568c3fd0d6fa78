package io.cardea.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.InstanceState;
import io.cardea.migrate.registry.RunningRelease;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceRegistrationTest {

    private final TestDatabase db;
    private final InstanceRegistry registry;
    private final JdbcClient sql;

    InstanceRegistrationTest(TestDatabase db) {
        this.db = db;
        this.registry = new InstanceRegistry(db.dataSource());
        this.sql = JdbcClient.create(db.dataSource());
    }

    @BeforeAll
    void migrate() {
        TestServer.migrate(db);
    }

    @Test
    void aRunningServerIsListedAsServingAndLeavesTheRegistryWhenItStops() throws Exception {
        String id;
        try (TestServer server = TestServer.start(db)) {
            List<Instance> live = registry.live();
            assertThat(live).hasSize(1);
            Instance self = live.getFirst();
            id = self.id();
            assertThat(self.state()).isEqualTo(InstanceState.SERVING);
            assertThat(self.baseUrl()).isEqualTo(server.url(""));
            assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(self.release()).isEqualTo(RunningRelease.version()).isNotBlank();
            assertThat(id).isEqualTo(server.server().part(InstanceRegistration.class).id());
        }
        assertThat(registry.live()).isEmpty();
        assertThat(sql.sql("SELECT count(*) FROM cardea_instances WHERE id = :id").param("id", id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aStoppingServerIsListedAsDrainingUntilItIsGone() throws Exception {
        try (TestServer server = TestServer.start(db, Map.of("cardea.shutdown.drain-delay", "3s"))) {
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            while (registry.live().stream().noneMatch(i -> i.state() == InstanceState.DRAINING)) {
                assertThat(stopping).as("the server stopped before it was seen draining").isNotDone();
                Thread.sleep(20);
            }
            stopping.join();
        }
        assertThat(registry.live()).isEmpty();
    }

    @Test
    void aFailingHeartbeatNeverStopsServingAndTheRowComesBack() throws Exception {
        try (TestServer server = TestServer.start(db)) {
            InstanceRegistration registration = server.server().part(InstanceRegistration.class);
            // Every write to the registry fails from now on.
            sql.sql("ALTER TABLE cardea_instances ADD CONSTRAINT refuse_writes CHECK (false) NOT VALID").update();
            registration.heartbeat();
            assertThat(server.get("/health/ready", null).status()).isEqualTo(200);

            sql.sql("ALTER TABLE cardea_instances DROP CONSTRAINT refuse_writes").update();
            sql.sql("DROP TABLE cardea_instances").update(); // as if a restore brought back a database without it
            registration.heartbeat();

            assertThat(registry.live()).extracting(Instance::id, Instance::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(registration.id(), InstanceState.SERVING));
        }
    }

    @Test
    void aServerThatStoppedHeartbeatingIsNoLongerLive() throws Exception {
        try (TestServer server = TestServer.start(db)) {
            String id = server.server().part(InstanceRegistration.class).id();
            sql.sql("UPDATE cardea_instances SET heartbeat_at = now() - interval '31 seconds' WHERE id = :id")
                    .param("id", id).update();
            assertThat(registry.live()).isEmpty();

            server.server().part(InstanceRegistration.class).heartbeat();
            assertThat(registry.live()).extracting(Instance::id).containsExactly(id);
        }
    }
}
