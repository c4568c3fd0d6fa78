package io.cardea.bench;

import io.cardea.server.identity.PasswordHasher;
import io.cardea.server.identity.PasswordSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw Argon2id rate that password sign-in is held to: Cardea's own {@link PasswordHasher}, at its
 * default parameters, verifying one password over and over on as many threads as the sign-in load
 * has connections, with nothing else (no HTTP, no database). Prints the verifications per second.
 *
 * <pre>java -cp 'cardea-dist/target/cardea/lib/*:bench/target/lib/*' io.cardea.bench.PasswordHashRate THREADS SECONDS</pre>
 */
public final class PasswordHashRate {

    private PasswordHashRate() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        var hasher = new PasswordHasher(new PasswordSettings.Argon2(5, 7168, 1), new SimpleMeterRegistry());
        String hash = hasher.hash("a long bench passphrase");
        // Warm-up as long as the unrecorded part of the sign-in load: the JIT has compiled the hash by then.
        run(hasher, hash, threads, 5);
        double rate = run(hasher, hash, threads, seconds);
        System.out.printf("%.1f%n", rate);
    }

    private static double run(PasswordHasher hasher, String hash, int threads, int seconds) throws InterruptedException {
        var done = new LongAdder();
        var stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    if (!hasher.matches("a long bench passphrase", hash)) {
                        throw new IllegalStateException("the password did not verify");
                    }
                    done.increment();
                }
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
