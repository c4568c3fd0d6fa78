package io.cardea.server.identity;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id, version 19 (RFC 9106), computed in a memory area the caller lends and gets back.
 *
 * <p>Bouncy Castle's generator allocates the whole memory area (7 MiB by default) as new objects for
 * every hash; at tens of sign-ins per second that garbage made the heap and the collector, not the
 * hash, set the server's size and part of its sign-in rate. The arithmetic is RFC 9106's; Blake2b
 * is Bouncy Castle's, and the tests compare every output with Bouncy Castle's Argon2.
 */
final class Argon2id {

    /** 1 KiB blocks of 128 64-bit words. */
    static final int WORDS_PER_BLOCK = 128;
    private static final int SYNC_POINTS = 4;
    private static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;

    private final int iterations;
    private final int lanes;
    private final int laneLength;
    private final int segmentLength;
    private final int blocks;
    /** The memory cost as written in the hash (KiB), which H0 hashes even where it was rounded down. */
    private final int memoryKib;

    Argon2id(int iterations, int memoryKib, int parallelism) {
        if (iterations < 1 || parallelism < 1 || memoryKib < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2id needs t >= 1, p >= 1 and m >= 8p KiB");
        }
        this.iterations = iterations;
        this.lanes = parallelism;
        this.memoryKib = memoryKib;
        this.segmentLength = memoryKib / (parallelism * SYNC_POINTS);
        this.laneLength = segmentLength * SYNC_POINTS;
        this.blocks = laneLength * parallelism;
    }

    /** How many longs the memory area lent to {@link #hash} must hold. */
    int memoryWords() {
        return blocks * WORDS_PER_BLOCK;
    }

    /** The tag of {@code password} and {@code salt}, computed in {@code memory} (its contents are overwritten). */
    byte[] hash(byte[] password, byte[] salt, int tagLength, long[] memory) {
        if (memory.length < memoryWords()) {
            throw new IllegalArgumentException("the memory area is smaller than m");
        }
        byte[] h0 = initialHash(password, salt, tagLength);
        byte[] seed = new byte[72];
        System.arraycopy(h0, 0, seed, 0, 64);
        byte[] block = new byte[1024];
        for (int lane = 0; lane < lanes; lane++) {
            for (int i = 0; i < 2; i++) {
                littleEndian(i, seed, 64);
                littleEndian(lane, seed, 68);
                variableLengthHash(seed, block);
                load(block, memory, (lane * laneLength + i) * WORDS_PER_BLOCK);
            }
        }
        Filler filler = new Filler();
        for (int pass = 0; pass < iterations; pass++) {
            for (int slice = 0; slice < SYNC_POINTS; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    fillSegment(filler, memory, pass, lane, slice);
                }
            }
        }
        long[] last = new long[WORDS_PER_BLOCK];
        System.arraycopy(memory, (laneLength - 1) * WORDS_PER_BLOCK, last, 0, WORDS_PER_BLOCK);
        for (int lane = 1; lane < lanes; lane++) {
            int offset = (lane * laneLength + laneLength - 1) * WORDS_PER_BLOCK;
            for (int w = 0; w < WORDS_PER_BLOCK; w++) {
                last[w] ^= memory[offset + w];
            }
        }
        for (int w = 0; w < WORDS_PER_BLOCK; w++) {
            littleEndian(last[w], block, w * 8);
        }
        byte[] tag = new byte[tagLength];
        variableLengthHash(block, tag);
        return tag;
    }

    private byte[] initialHash(byte[] password, byte[] salt, int tagLength) {
        Blake2bDigest blake = new Blake2bDigest(512);
        for (int value : new int[] {lanes, tagLength, memoryKib, iterations, VERSION, TYPE_ID}) {
            update(blake, value);
        }
        update(blake, password.length);
        blake.update(password, 0, password.length);
        update(blake, salt.length);
        blake.update(salt, 0, salt.length);
        update(blake, 0); // no secret
        update(blake, 0); // no associated data
        byte[] h0 = new byte[64];
        blake.doFinal(h0, 0);
        return h0;
    }

    private void fillSegment(Filler filler, long[] memory, int pass, int lane, int slice) {
        boolean independent = pass == 0 && slice < SYNC_POINTS / 2;
        int start = pass == 0 && slice == 0 ? 2 : 0; // the first two blocks of each lane are set already
        if (independent) {
            filler.startAddresses(pass, lane, slice, blocks, iterations);
            if (start != 0) {
                filler.nextAddresses();
            }
        }
        for (int index = start; index < segmentLength; index++) {
            int current = lane * laneLength + slice * segmentLength + index;
            int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
            long pseudoRandom;
            if (independent) {
                if (index % WORDS_PER_BLOCK == 0) {
                    filler.nextAddresses();
                }
                pseudoRandom = filler.address[index % WORDS_PER_BLOCK];
            } else {
                pseudoRandom = memory[previous * WORDS_PER_BLOCK];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
            int refIndex = referenceIndex(pass, slice, index, pseudoRandom, refLane == lane);
            filler.fill(memory, previous, refLane * laneLength + refIndex, current, pass > 0);
        }
    }

    /** RFC 9106 section 3.4.1.2: a block of the reference set, biased towards the most recent ones. */
    private int referenceIndex(int pass, int slice, int index, long pseudoRandom, boolean sameLane) {
        int areaSize;
        int startPosition;
        if (pass == 0) {
            startPosition = 0;
            areaSize = sameLane ? slice * segmentLength + index - 1
                    : slice * segmentLength + (index == 0 ? -1 : 0);
        } else {
            startPosition = ((slice + 1) * segmentLength) % laneLength;
            areaSize = sameLane ? laneLength - segmentLength + index - 1
                    : laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long relative = pseudoRandom & 0xFFFFFFFFL;
        relative = (relative * relative) >>> 32;
        relative = areaSize - 1 - ((areaSize * relative) >>> 32);
        return (int) ((startPosition + relative) % laneLength);
    }

    /** H' of RFC 9106 section 3.3: Blake2b stretched to {@code out.length} bytes. */
    private static void variableLengthHash(byte[] input, byte[] out) {
        byte[] length = new byte[4];
        littleEndian(out.length, length, 0);
        if (out.length <= 64) {
            Blake2bDigest blake = new Blake2bDigest(out.length * 8);
            blake.update(length, 0, 4);
            blake.update(input, 0, input.length);
            blake.doFinal(out, 0);
            return;
        }
        Blake2bDigest blake = new Blake2bDigest(512);
        byte[] v = new byte[64];
        blake.update(length, 0, 4);
        blake.update(input, 0, input.length);
        blake.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        int r = (out.length + 31) / 32 - 2;
        int position = 32;
        for (int i = 2; i <= r; i++, position += 32) {
            blake.update(v, 0, 64);
            blake.doFinal(v, 0);
            System.arraycopy(v, 0, out, position, 32);
        }
        Blake2bDigest lastDigest = new Blake2bDigest((out.length - 32 * r) * 8);
        lastDigest.update(v, 0, 64);
        lastDigest.doFinal(out, position);
    }

    /** The compression function G and the address blocks of data-independent addressing. */
    private static final class Filler {
        private final long[] r = new long[WORDS_PER_BLOCK];
        private final long[] z = new long[WORDS_PER_BLOCK];
        private final long[] input = new long[WORDS_PER_BLOCK];
        final long[] address = new long[WORDS_PER_BLOCK];

        void startAddresses(int pass, int lane, int slice, int blocks, int iterations) {
            Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blocks;
            input[4] = iterations;
            input[5] = TYPE_ID;
        }

        /** address = G(0, G(0, input)) after the counter moves on. */
        void nextAddresses() {
            input[6]++;
            compress(input, 0, address, false);
            compress(address, 0, address, false);
        }

        /** block[current] = G(block[previous], block[reference]), XORed into the old block after the first pass. */
        void fill(long[] memory, int previous, int reference, int current, boolean withXor) {
            int p = previous * WORDS_PER_BLOCK;
            int q = reference * WORDS_PER_BLOCK;
            for (int i = 0; i < WORDS_PER_BLOCK; i++) {
                r[i] = memory[p + i] ^ memory[q + i];
            }
            permuteAndStore(memory, current * WORDS_PER_BLOCK, withXor);
        }

        /** out = G(0, x), where x may be out itself. */
        private void compress(long[] x, int offset, long[] out, boolean withXor) {
            System.arraycopy(x, offset, r, 0, WORDS_PER_BLOCK);
            permuteAndStore(out, 0, withXor);
        }

        private void permuteAndStore(long[] out, int offset, boolean withXor) {
            System.arraycopy(r, 0, z, 0, WORDS_PER_BLOCK);
            for (int i = 0; i < 8; i++) { // rows
                int b = 16 * i;
                round(z, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12,
                        b + 13, b + 14, b + 15);
            }
            for (int i = 0; i < 8; i++) { // columns
                int b = 2 * i;
                round(z, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80, b + 81,
                        b + 96, b + 97, b + 112, b + 113);
            }
            if (withXor) {
                for (int i = 0; i < WORDS_PER_BLOCK; i++) {
                    out[offset + i] ^= z[i] ^ r[i];
                }
            } else {
                for (int i = 0; i < WORDS_PER_BLOCK; i++) {
                    out[offset + i] = z[i] ^ r[i];
                }
            }
        }

        /**
         * One Blake2b round of GB (RFC 9106 section 3.6, Blake2b's mixing with a multiplication added)
         * over the 16 words at the given positions, worked in local variables. Written out rather than
         * as calls on the array: its speed then no longer depends on what the JIT chooses to inline,
         * which made the same hash take 15 % longer in one JVM than in the next.
         */
        private static void round(long[] v, int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7,
                int i8, int i9, int i10, int i11, int i12, int i13, int i14, int i15) {
            long v0 = v[i0], v1 = v[i1], v2 = v[i2], v3 = v[i3], v4 = v[i4], v5 = v[i5], v6 = v[i6], v7 = v[i7];
            long v8 = v[i8], v9 = v[i9], v10 = v[i10], v11 = v[i11], v12 = v[i12], v13 = v[i13], v14 = v[i14], v15 = v[i15];
            v0 = blaMka(v0, v4); v12 = Long.rotateRight(v12 ^ v0, 32); v8 = blaMka(v8, v12); v4 = Long.rotateRight(v4 ^ v8, 24);
            v0 = blaMka(v0, v4); v12 = Long.rotateRight(v12 ^ v0, 16); v8 = blaMka(v8, v12); v4 = Long.rotateRight(v4 ^ v8, 63);
            v1 = blaMka(v1, v5); v13 = Long.rotateRight(v13 ^ v1, 32); v9 = blaMka(v9, v13); v5 = Long.rotateRight(v5 ^ v9, 24);
            v1 = blaMka(v1, v5); v13 = Long.rotateRight(v13 ^ v1, 16); v9 = blaMka(v9, v13); v5 = Long.rotateRight(v5 ^ v9, 63);
            v2 = blaMka(v2, v6); v14 = Long.rotateRight(v14 ^ v2, 32); v10 = blaMka(v10, v14); v6 = Long.rotateRight(v6 ^ v10, 24);
            v2 = blaMka(v2, v6); v14 = Long.rotateRight(v14 ^ v2, 16); v10 = blaMka(v10, v14); v6 = Long.rotateRight(v6 ^ v10, 63);
            v3 = blaMka(v3, v7); v15 = Long.rotateRight(v15 ^ v3, 32); v11 = blaMka(v11, v15); v7 = Long.rotateRight(v7 ^ v11, 24);
            v3 = blaMka(v3, v7); v15 = Long.rotateRight(v15 ^ v3, 16); v11 = blaMka(v11, v15); v7 = Long.rotateRight(v7 ^ v11, 63);
            v0 = blaMka(v0, v5); v15 = Long.rotateRight(v15 ^ v0, 32); v10 = blaMka(v10, v15); v5 = Long.rotateRight(v5 ^ v10, 24);
            v0 = blaMka(v0, v5); v15 = Long.rotateRight(v15 ^ v0, 16); v10 = blaMka(v10, v15); v5 = Long.rotateRight(v5 ^ v10, 63);
            v1 = blaMka(v1, v6); v12 = Long.rotateRight(v12 ^ v1, 32); v11 = blaMka(v11, v12); v6 = Long.rotateRight(v6 ^ v11, 24);
            v1 = blaMka(v1, v6); v12 = Long.rotateRight(v12 ^ v1, 16); v11 = blaMka(v11, v12); v6 = Long.rotateRight(v6 ^ v11, 63);
            v2 = blaMka(v2, v7); v13 = Long.rotateRight(v13 ^ v2, 32); v8 = blaMka(v8, v13); v7 = Long.rotateRight(v7 ^ v8, 24);
            v2 = blaMka(v2, v7); v13 = Long.rotateRight(v13 ^ v2, 16); v8 = blaMka(v8, v13); v7 = Long.rotateRight(v7 ^ v8, 63);
            v3 = blaMka(v3, v4); v14 = Long.rotateRight(v14 ^ v3, 32); v9 = blaMka(v9, v14); v4 = Long.rotateRight(v4 ^ v9, 24);
            v3 = blaMka(v3, v4); v14 = Long.rotateRight(v14 ^ v3, 16); v9 = blaMka(v9, v14); v4 = Long.rotateRight(v4 ^ v9, 63);
            v[i0] = v0; v[i1] = v1; v[i2] = v2; v[i3] = v3; v[i4] = v4; v[i5] = v5; v[i6] = v6; v[i7] = v7;
            v[i8] = v8; v[i9] = v9; v[i10] = v10; v[i11] = v11; v[i12] = v12; v[i13] = v13; v[i14] = v14; v[i15] = v15;
        }

        private static long blaMka(long x, long y) {
            return x + y + 2 * (x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL);
        }
    }

    private static void update(Blake2bDigest blake, int value) {
        byte[] bytes = new byte[4];
        littleEndian(value, bytes, 0);
        blake.update(bytes, 0, 4);
    }

    private static void load(byte[] block, long[] memory, int offset) {
        for (int w = 0; w < WORDS_PER_BLOCK; w++) {
            long value = 0;
            for (int b = 7; b >= 0; b--) {
                value = (value << 8) | (block[w * 8 + b] & 0xFF);
            }
            memory[offset + w] = value;
        }
    }

    private static void littleEndian(int value, byte[] out, int offset) {
        for (int b = 0; b < 4; b++) {
            out[offset + b] = (byte) (value >>> (8 * b));
        }
    }

    private static void littleEndian(long value, byte[] out, int offset) {
        for (int b = 0; b < 8; b++) {
            out[offset + b] = (byte) (value >>> (8 * b));
        }
    }
}
