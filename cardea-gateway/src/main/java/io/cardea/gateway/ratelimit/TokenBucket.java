package io.cardea.gateway.ratelimit;

/** Tokens refill at a steady rate up to a burst; each request takes one. */
final class TokenBucket {

    private final double perNano;
    private final int burst;
    private double tokens;
    private long updated;

    TokenBucket(double perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.updated = now;
    }

    /** Takes a token and returns 0, or takes none and returns the nanoseconds until one is there. */
    synchronized long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Full again: the client has been quiet long enough that forgetting it changes nothing. */
    synchronized boolean full(long now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(long now) {
        tokens = Math.min(burst, tokens + (now - updated) * perNano);
        updated = now;
    }
}
