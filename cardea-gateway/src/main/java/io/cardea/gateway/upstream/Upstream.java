package io.cardea.gateway.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/** One server instance behind the gateway: where it listens, whether it answers ready, what it is serving. */
public final class Upstream {

    private final URI url;
    private final AtomicLong inFlight = new AtomicLong();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean healthy;
    private volatile boolean removed;

    Upstream(URI url, boolean healthy) {
        this.url = url;
        this.healthy = healthy;
    }

    /**
     * Reads an upstream's base URL as an operator writes it ({@code http://127.0.0.1:4433}) and
     * returns it as {@code scheme://host:port}, so that one instance always has one name.
     */
    public static URI parseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("upstream '" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("upstream '" + text + "' must look like http://HOST:PORT");
        }
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!bare) {
            throw new IllegalArgumentException("upstream '" + text + "' must be a bare http://HOST:PORT, with no path, query or user");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return URI.create(scheme + "://" + uri.getRawAuthority().replaceFirst(":\\d+$", "") + ":" + port);
    }

    public URI url() {
        return url;
    }

    public boolean healthy() {
        return healthy;
    }

    /** What one readiness probe found. */
    public enum Probe {
        READY,
        /** It answered, but not 200, or refused the connection: definitely not ready. */
        NOT_READY,
        /** No answer in time: a busy server looks like this too, so only several in a row count. */
        NO_ANSWER
    }

    /** Probes without an answer in a row after which a member counts as down. */
    static final int MISSES_TOLERATED = 2;

    private int misses;

    synchronized void probed(Probe result) {
        switch (result) {
            case READY -> {
                misses = 0;
                healthy = true;
            }
            case NOT_READY -> {
                misses = 0;
                healthy = false;
            }
            case NO_ANSWER -> {
                if (++misses > MISSES_TOLERATED) {
                    healthy = false;
                }
            }
        }
    }

    /** Called when a request to it could not even connect: no new requests until a health check passes. */
    public void markUnreachable() {
        healthy = false;
    }

    public long inFlight() {
        return inFlight.get();
    }

    public boolean removed() {
        return removed;
    }

    /**
     * Counts a request in, unless the upstream has just left the set. Counting first and checking
     * after (while {@link #remove()} marks first and counts after) means a request is either
     * refused here or seen by the drain check — never neither.
     */
    boolean admit() {
        inFlight.incrementAndGet();
        if (!removed) {
            return true;
        }
        release();
        return false;
    }

    /** A request it was serving has finished, one way or another. */
    public void release() {
        if (inFlight.decrementAndGet() == 0 && removed) {
            drained.complete(null);
        }
    }

    void remove() {
        removed = true;
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
    }

    /** Completes once it has left the set and its last in-flight request has finished. */
    public CompletionStage<Void> drained() {
        return drained.minimalCompletionStage();
    }

    public boolean isDrained() {
        return drained.isDone();
    }

    public UpstreamView view() {
        return new UpstreamView(url, removed ? UpstreamView.DRAINING : UpstreamView.ACTIVE, healthy, inFlight.get());
    }

    @Override
    public String toString() {
        return url.toString();
    }
}
