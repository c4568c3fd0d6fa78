package io.cardea.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
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

        assertThat(raceToRotate(db, blue, green)).filteredOn(kids -> !kids.isEmpty()).hasSize(1);
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

        assertThatThrownBy(() -> ring.rotate(null, false)).isInstanceOf(RotationRefused.class)
                .hasMessageContaining(next).hasMessageContaining("--now");
        assertThat(ring.rotateIfDue()).isEmpty();

        assertThat(ring.rotate(null, true)).containsExactly(next);
        assertThat(ring.list().get(0).kid()).isEqualTo(next);
    }

    @Test
    void aRetiredKeyIsRemovedOnlyOnceEveryTokenItSignedHasExpired(TestDatabase db) {
        KeyRing ring = ring(db);
        ring.prepare();
        String first = ring.list().get(0).kid();
        ring.rotate(null, true);

        assertThat(ring.removeExpired()).isEmpty();

        JdbcClient.create(db.dataSource()).sql("UPDATE signing_keys SET retired_at = now() - interval '31 minutes' "
                + "WHERE state = 'retired'").update();
        assertThat(ring.removeExpired()).containsExactly(first);
        assertThat(ring.list()).extracting(SigningKey::state).containsExactly("active", "next");
    }

    @Test
    void aNewRingSignsAtOnceWithEachAlgorithmInUse(TestDatabase db) {
        KeyRing ring = ring(db, SigningAlgorithm.ES256);

        ring.prepare();

        assertThat(ring.list()).extracting(k -> k.algorithm() + " " + k.state())
                .containsExactly("RS256 active", "RS256 next", "ES256 active", "ES256 next");
    }

    @Test
    void anAccessTokenAlgorithmAddedToARingInUseIsPublishedBeforeItSigns(TestDatabase db) {
        ring(db).prepare();
        KeyRing withEs256 = new KeyRing(db.dataSource(), SECRET, HOURLY, SigningAlgorithm.ES256);

        withEs256.prepare();

        assertThat(withEs256.list()).extracting(k -> k.algorithm() + " " + k.state())
                .containsExactly("RS256 active", "RS256 next", "ES256 next");
        assertThat(withEs256.rotateIfDue()).isEmpty();
        String es256 = withEs256.list().get(2).kid();
        JdbcClient.create(db.dataSource()).sql("UPDATE signing_keys SET created_at = now() - interval '11 minutes' "
                + "WHERE algorithm = 'ES256'").update();
        assertThat(withEs256.rotateIfDue()).as("only ES256: the RS256 key is young").containsExactly(es256);
        assertThat(withEs256.list()).extracting(k -> k.algorithm() + " " + k.state())
                .containsExactly("RS256 active", "RS256 next", "ES256 active", "ES256 next");
    }

    @Test
    void instancesRacingToRotateTwoAlgorithmsProduceOneNewKeyOfEach(TestDatabase db) throws Exception {
        KeyRing blue = ring(db, SigningAlgorithm.ES256);
        KeyRing green = new KeyRing(db.dataSource(), SECRET, HOURLY, SigningAlgorithm.ES256);
        blue.prepare();

        assertThat(raceToRotate(db, blue, green)).filteredOn(kids -> !kids.isEmpty()).singleElement()
                .satisfies(kids -> assertThat(kids).hasSize(2));
        assertThat(blue.list()).extracting(k -> k.algorithm() + " " + k.state()).containsExactly("RS256 active",
                "RS256 next", "RS256 retired", "ES256 active", "ES256 next", "ES256 retired");
    }

    @Test
    void oneKeyIsRetiredOnlyOnceItHasStoppedSigningAndItsTokensHaveExpired(TestDatabase db) {
        KeyRing ring = ring(db);
        ring.prepare();
        String first = ring.list().get(0).kid();
        String next = ring.list().get(1).kid();

        assertThatThrownBy(() -> ring.retire(first)).isInstanceOf(RotationRefused.class)
                .hasMessageContaining("is active, not retired");
        assertThatThrownBy(() -> ring.retire(next)).isInstanceOf(RotationRefused.class)
                .hasMessageContaining("is next, not retired");
        assertThatThrownBy(() -> ring.retire("no-such-kid")).isInstanceOf(UnknownKey.class)
                .hasMessageContaining("no-such-kid");
        ring.rotate(null, true);
        assertThatThrownBy(() -> ring.retire(first)).isInstanceOf(RotationRefused.class)
                .hasMessageContaining("may be valid until");
        assertThat(ring.list()).hasSize(3);

        JdbcClient.create(db.dataSource()).sql("UPDATE signing_keys SET retired_at = now() - interval '31 minutes' "
                + "WHERE state = 'retired'").update();
        ring.retire(first);
        assertThat(ring.list()).extracting(SigningKey::kid).doesNotContain(first).hasSize(2);
    }

    @Test
    void anAlgorithmNotInUseCannotBeRotated(TestDatabase db) {
        KeyRing ring = ring(db);
        ring.prepare();

        assertThatThrownBy(() -> ring.rotate(SigningAlgorithm.ES256, true)).isInstanceOf(RotationRefused.class)
                .hasMessageContaining("ES256 signs nothing here");
    }

    /** A ring of RS256 keys only, without keys yet: the test class shares one database. */
    private static KeyRing ring(TestDatabase db) {
        return ring(db, SigningAlgorithm.RS256);
    }

    private static KeyRing ring(TestDatabase db, SigningAlgorithm accessTokens) {
        TestServer.migrate(db);
        JdbcClient.create(db.dataSource()).sql("DELETE FROM signing_keys").update();
        return new KeyRing(db.dataSource(), SECRET, HOURLY, accessTokens);
    }

    /** Makes a rotation due, then lets both rings find it at once; answers what each rotated. */
    private static List<List<String>> raceToRotate(TestDatabase db, KeyRing blue, KeyRing green) throws Exception {
        JdbcClient.create(db.dataSource()).sql("UPDATE signing_keys SET activated_at = now() - interval '2 hours', "
                + "created_at = now() - interval '2 hours'").update();
        CountDownLatch go = new CountDownLatch(1);
        var onBlue = CompletableFuture.supplyAsync(() -> await(go, blue));
        var onGreen = CompletableFuture.supplyAsync(() -> await(go, green));
        go.countDown();
        return List.of(onBlue.get(), onGreen.get());
    }

    private static List<String> await(CountDownLatch go, KeyRing ring) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ring.rotateIfDue();
    }
}
