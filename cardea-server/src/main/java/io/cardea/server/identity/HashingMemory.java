package io.cardea.server.identity;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The memory areas Argon2id works in, made once and lent to one hash at a time.
 *
 * <p>At most one area per core: a hash keeps its core busy from start to end, so more hashes at once
 * would not finish sooner, only take more memory. Further hashes wait for an area, which also bounds
 * the memory a burst of sign-ins takes to cores × m instead of requests × m.
 */
final class HashingMemory {

    private final int words;
    private final Semaphore lent;
    private final ConcurrentLinkedQueue<long[]> free = new ConcurrentLinkedQueue<>();

    /** Areas of {@code words} longs, at most {@code areas} of them lent at once; made when first needed. */
    HashingMemory(int words, int areas) {
        this.words = words;
        this.lent = new Semaphore(areas, true);
    }

    /** Runs {@code hash} in an area of at least {@code needed} longs, waiting for one if all are lent. */
    <T> T withArea(int needed, Hash<T> hash) {
        lent.acquireUninterruptibly();
        try {
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
        } finally {
            lent.release();
        }
    }

    interface Hash<T> {
        T compute(long[] area);
    }
}
