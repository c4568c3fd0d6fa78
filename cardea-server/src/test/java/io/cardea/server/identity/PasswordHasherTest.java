package io.cardea.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new PasswordSettings.Argon2(5, 7168, 1),
            new SimpleMeterRegistry());

    @Test
    void computesTheReferenceImplementationsTestVector() {
        // phc-winner-argon2's test: argon2id, v=19, t=2, m=64 MiB, p=1, "password", "somesalt".
        var argon2 = new Argon2id(2, 65536, 1);
        byte[] tag = argon2.hash(bytes("password"), bytes("somesalt"), 32, new long[argon2.memoryWords()]);

        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
    }

    @Test
    void agreesWithBouncyCastlesArgon2idOverManyParameters() {
        Random random = new Random(20261123);
        int[][] parameters = {{1, 8, 1}, {1, 16, 2}, {2, 32, 1}, {3, 64, 4}, {1, 100, 3}, {2, 257, 1}, {5, 1024, 1},
                {1, 4096, 8}};
        for (int[] p : parameters) {
            for (int tagLength : new int[] {4, 16, 32, 64, 65, 100}) {
                byte[] password = new byte[random.nextInt(40)];
                byte[] salt = new byte[8 + random.nextInt(24)];
                random.nextBytes(password);
                random.nextBytes(salt);
                var argon2 = new Argon2id(p[0], p[1], p[2]);
                // A lent area is reused dirty: what the previous hash left in it must not matter.
                long[] area = new long[argon2.memoryWords() + 128];
                Arrays.fill(area, random.nextLong());

                byte[] ours = argon2.hash(password, salt, tagLength, area);

                assertThat(ours).as("t=%d m=%d p=%d length %d", p[0], p[1], p[2], tagLength)
                        .isEqualTo(bouncyCastle(p[0], p[1], p[2], password, salt, tagLength));
            }
        }
    }

    @Test
    void verifiesHashesOfThePreviousReleaseAndItVerifiesOurs() {
        // Until this release, hashes were made by Spring Security's encoder; during a rolling upgrade
        // both releases sign in the same identities.
        var previous = new Argon2PasswordEncoder(16, 32, 1, 7168, 5);
        String theirs = previous.encode("correct horse battery");
        String ours = hasher.hash("correct horse battery");

        assertThat(hasher.matches("correct horse battery", theirs)).isTrue();
        assertThat(hasher.matches("correct horse batterY", theirs)).isFalse();
        assertThat(previous.matches("correct horse battery", ours)).isTrue();
        assertThat(previous.matches("correct horse batterY", ours)).isFalse();
        assertThat(hasher.outdated(theirs)).isFalse();
    }

    @Test
    void verifiesAndFlagsHashesOfOtherParameters() {
        String older = new Argon2PasswordEncoder(16, 32, 1, 4096, 3).encode("ünïcode pässwörd");

        assertThat(hasher.matches("ünïcode pässwörd", older)).isTrue();
        assertThat(hasher.outdated(older)).isTrue();
        assertThat(hasher.outdated(hasher.hash("ünïcode pässwörd"))).isFalse();
    }

    @Test
    void aHashIsSaltedAndRefusesAWrongPassword() {
        String first = hasher.hash("a long passphrase");
        String second = hasher.hash("a long passphrase");

        assertThat(first).startsWith("$argon2id$v=19$m=7168,t=5,p=1$").isNotEqualTo(second);
        assertThat(hasher.matches("a long passphrase", first)).isTrue();
        assertThat(hasher.matches("a long passphrase ", first)).isFalse();
        assertThat(hasher.matches("", first)).isFalse();
    }

    @Test
    void theDecoyHasTheConfiguredParametersAndMatchesNothing() {
        String decoy = hasher.decoy();

        assertThat(hasher.outdated(decoy)).isFalse();
        assertThat(hasher.matches("", decoy)).isFalse();
        assertThat(hasher.matches("a long passphrase", decoy)).isFalse();
    }

    @Test
    void whatIsNotAnArgon2idHashMatchesNothing() {
        String good = hasher.hash("a long passphrase");

        assertThat(hasher.matches("a long passphrase", good.replace("argon2id", "argon2i"))).isFalse();
        assertThat(hasher.matches("a long passphrase", good.replace("v=19", "v=16"))).isFalse();
        assertThat(hasher.matches("a long passphrase", good.replace("m=7168", "m=4"))).isFalse();
        assertThat(hasher.matches("a long passphrase", good.substring(0, good.lastIndexOf('$')))).isFalse();
        assertThat(hasher.matches("a long passphrase", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"))
                .isFalse();
        assertThat(hasher.outdated("not a hash")).isTrue();
    }

    @Test
    void lendsTheSameAreaAgainAndALargerOneOnlyWhenNeeded() {
        var memory = new HashingThreads(1024, 2);
        long[] first = memory.withArea(1024, area -> area);
        long[] again = memory.withArea(512, area -> area);
        long[] larger = memory.withArea(4096, area -> area);

        assertThat(again).isSameAs(first);
        assertThat(larger).hasSize(4096).isNotSameAs(first);
        long[] afterTheLarger = memory.withArea(1024, area -> area);
        assertThat(afterTheLarger).isSameAs(first);
    }

    @Test
    void hashesLeaveTheCarriersOfVirtualThreadsFree() throws Exception {
        // Requests run on virtual threads, one carrier per core. A hash computed on a request's own
        // virtual thread held its carrier to the end: as many hashes as cores stopped every other request.
        int cores = Runtime.getRuntime().availableProcessors();
        var threads = new HashingThreads(16, cores);
        var started = new AtomicInteger();
        var release = new AtomicBoolean();
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> hashes = new ArrayList<>();
            for (int i = 0; i < cores; i++) {
                hashes.add(requests.submit(() -> threads.withArea(16, area -> {
                    started.incrementAndGet();
                    while (!release.get()) {
                        Thread.onSpinWait(); // a hash keeps its core busy to the end
                    }
                    return area;
                })));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (started.get() < cores && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(started).hasValue(cores);

            Future<String> anotherRequest = requests.submit(() -> "answered");
            try {
                assertThat(anotherRequest.get(5, TimeUnit.SECONDS)).isEqualTo("answered");
            } finally {
                release.set(true);
            }
            for (Future<long[]> hash : hashes) {
                assertThat(hash.get(5, TimeUnit.SECONDS)).hasSize(16);
            }
        }
    }

    @Test
    void aFailedHashFailsItsCallerWithTheSameException() {
        var threads = new HashingThreads(16, 1);
        assertThatThrownBy(() -> threads.withArea(16, area -> {
            throw new IllegalArgumentException("no such parameters");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("no such parameters");
        long[] afterIt = threads.withArea(16, area -> area);
        assertThat(afterIt).hasSize(16);
    }

    private static byte[] bouncyCastle(int iterations, int memoryKib, int lanes, byte[] password, byte[] salt,
            int length) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(iterations).withMemoryAsKB(memoryKib).withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
