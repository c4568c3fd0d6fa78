package io.cardea.server.identity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads Argon2id runs on, one per core, and the memory areas they reuse.
 *
 * <p>Requests run on virtual threads, which are never preempted: a hash computed on one holds its
 * carrier thread to the end, and with one carrier per core two sign-ins at once left every other
 * request (a JWKS fetch, a token refresh) waiting for a carrier; during a sign-in load, a JWKS
 * fetch's p99 was 227 ms. On platform threads of their own, hashes share the cores with the
 * carriers as the operating system schedules them.
 *
 * <p>One thread per core: more hashes at once would not finish sooner, only take more memory.
 * Further hashes wait their turn, first come first served, which bounds the memory a burst of
 * sign-ins takes to cores × m instead of requests × m. An area is made when first needed and kept;
 * a thread idle for a minute ends, so a hasher that is no longer used leaves no thread behind.
 */
final class HashingThreads {

    private final int words;
    private final ThreadPoolExecutor threads;
    private final ConcurrentLinkedQueue<long[]> free = new ConcurrentLinkedQueue<>();

    /** {@code threads} threads, each hashing in an area of {@code words} longs. */
    HashingThreads(int words, int threads) {
        this.words = words;
        this.threads = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("cardea-argon2-", 1).daemon().factory());
        this.threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code hash} on a hashing thread, in an area of at least {@code needed} longs, and waits
     * for it: a sign-in whose client has gone still finishes its hash, as it did on its own thread.
     */
    <T> T withArea(int needed, Hash<T> hash) {
        // join() waits without being interrupted and keeps the caller's interrupt status.
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            long[] area = free.poll();
            if (area == null) {
                area = new long[words];
            }
            try {
                // A hash made with a larger m than today's (rare: until its next sign-in) gets an area of its own.
                return hash.compute(needed <= area.length ? area : new long[needed]);
            } finally {
                free.add(area);
            }
        }, threads);
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    interface Hash<T> {
        T compute(long[] area);
    }
}
