package io.cardea.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The ring's states and transitions, on real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class KeyRingTest {

    private static final SystemSecret SECRET = new SystemSecret(TestServer.SYSTEM_SECRET);
    private static final RotationPolicy HOURLY = new RotationPolicy(Duration.ofHours(1), Duration.ofMinutes(10),
            Duration.ofSeconds(10));

    @Test
    void aNewRingHasOneKeySigningAndOnePublishedToTakeOver(TestDatabase db) {
        KeyRing ring = ring(db);

        ring.prepare();
        ring.prepare();

        assertThat(ring.list()).extracting(SigningKey::state).containsExactly("active", "next");
    }

    @Test
    void instancesRacingToRotateProduceExactlyOneNewKey(TestDatabase db) throws Exception {
        KeyRing blue = ring(db);
        KeyRing green = ring(db);
        blue.prepare();
        List<SigningKey> before = blue.list();
        JdbcClient.create(db.dataSource()).sql("UPDATE signing_keys SET activated_at = now() - interval '2 hours', "
                + "created_at = now() - interval '2 hours'").update();

        CountDownLatch go = new CountDownLatch(1);
        var onBlue = CompletableFuture.supplyAsync(() -> await(go, blue));
        var onGreen = CompletableFuture.supplyAsync(() -> await(go, green));
        go.countDown();

        assertThat(List.of(onBlue.get(), onGreen.get())).filteredOn(Optional::isPresent).hasSize(1);
        List<SigningKey> after = blue.list();
        assertThat(after).extracting(SigningKey::state).containsExactly("active", "next", "retired");
        assertThat(after.get(0).kid()).isEqualTo(before.get(1).kid());
        assertThat(after.get(2).kid()).isEqualTo(before.get(0).kid());
    }

    @Test
    void aKeyPublishedTooRecentlyDoesNotSignUnlessTheOperatorInsists(TestDatabase db) {
        KeyRing ring = ring(db);
        ring.prepare();
        String next = ring.list().get(1).kid();

        assertThatThrownBy(() -> ring.rotate(false)).isInstanceOf(RotationRefused.class)
                .hasMessageContaining(next).hasMessageContaining("--now");
        assertThat(ring.rotateIfDue()).isEmpty();

        assertThat(ring.rotate(true)).isEqualTo(next);
        assertThat(ring.list().get(0).kid()).isEqualTo(next);
    }

    @Test
    void aRetiredKeyIsRemovedOnlyOnceEveryTokenItSignedHasExpired(TestDatabase db) {
        KeyRing ring = ring(db);
        ring.prepare();
        String first = ring.list().get(0).kid();
        ring.rotate(true);

        assertThat(ring.removeExpired()).isEmpty();

        JdbcClient.create(db.dataSource()).sql("UPDATE signing_keys SET retired_at = now() - interval '31 minutes' "
                + "WHERE state = 'retired'").update();
        assertThat(ring.removeExpired()).containsExactly(first);
        assertThat(ring.list()).extracting(SigningKey::state).containsExactly("active", "next");
    }

    /** A ring without keys: the test class shares one database. */
    private static KeyRing ring(TestDatabase db) {
        TestServer.migrate(db);
        JdbcClient.create(db.dataSource()).sql("DELETE FROM signing_keys").update();
        return new KeyRing(db.dataSource(), SECRET, HOURLY);
    }

    private static Optional<String> await(CountDownLatch go, KeyRing ring) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ring.rotateIfDue();
    }
}
