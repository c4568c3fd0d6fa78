package io.cardea.gateway.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The instances the gateway sends traffic to. The whole set is replaced at once: a request sees
 * either the old set or the new one. Removed instances stay known while they drain.
 */
public final class UpstreamSet {

    private volatile List<Upstream> active = List.of();
    private final Map<URI, Upstream> draining = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final Balancing balancing;

    public UpstreamSet() {
        this(Balancing.LEAST_BUSY);
    }

    public UpstreamSet(Balancing balancing) {
        this.balancing = balancing;
    }

    /**
     * Makes {@code urls} the set. Instances already in it keep their health and counts; new ones
     * start with the health {@code readyNow} reports; the others start draining.
     */
    public synchronized void replace(List<URI> urls, Predicate<URI> readyNow) {
        Map<URI, Upstream> current = new HashMap<>();
        active.forEach(u -> current.put(u.url(), u));
        List<Upstream> next = new ArrayList<>();
        for (URI url : urls) {
            Upstream kept = current.remove(url);
            next.add(kept != null ? kept : new Upstream(url, readyNow.test(url)));
        }
        // Publish the new set before marking the old members removed: a request refused by a
        // removed member then always finds the new set when it picks again.
        active = List.copyOf(next);
        for (Upstream leaving : current.values()) {
            draining.put(leaving.url(), leaving);
            leaving.remove();
            leaving.drained().thenRun(() -> draining.remove(leaving.url(), leaving));
        }
    }

    public List<Upstream> active() {
        return active;
    }

    /**
     * Picks a healthy member as {@link Balancing} says, skipping {@code tried}, and counts the request
     * in. Null when no member can take it.
     */
    public Upstream acquire(Set<Upstream> tried) {
        while (true) {
            List<Upstream> members = active;
            Upstream best = balancing == Balancing.ROUND_ROBIN ? nextInTurn(members, tried) : leastBusy(members, tried);
            if (best == null) {
                return null;
            }
            if (best.admit()) {
                return best;
            }
        }
    }

    private Upstream leastBusy(List<Upstream> members, Set<Upstream> tried) {
        int n = members.size();
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(turn.getAndIncrement(), n);
        Upstream best = null;
        for (int i = 0; i < n; i++) {
            Upstream candidate = members.get((start + i) % n);
            if (eligible(candidate, tried) && (best == null || candidate.inFlight() < best.inFlight())) {
                best = candidate;
            }
        }
        return best;
    }

    /** The next of the healthy members not yet tried, in turn; found without a list, as every request does it. */
    private Upstream nextInTurn(List<Upstream> members, Set<Upstream> tried) {
        while (true) {
            int eligible = 0;
            for (Upstream u : members) {
                if (eligible(u, tried)) {
                    eligible++;
                }
            }
            if (eligible == 0) {
                return null;
            }
            int pick = Math.floorMod(turn.getAndIncrement(), eligible);
            for (Upstream u : members) {
                if (eligible(u, tried) && pick-- == 0) {
                    return u;
                }
            }
            // A member turned unhealthy between the two passes: count again.
        }
    }

    private static boolean eligible(Upstream u, Set<Upstream> tried) {
        return u.healthy() && !tried.contains(u);
    }

    /** The member or draining instance at {@code url}; null once it has drained or was never known. */
    public Upstream find(URI url) {
        for (Upstream u : active) {
            if (u.url().equals(url)) {
                return u;
            }
        }
        return draining.get(url);
    }

    /** Members first, in set order, then the instances still draining. */
    public List<UpstreamView> views() {
        List<UpstreamView> views = new ArrayList<>();
        active.forEach(u -> views.add(u.view()));
        draining.values().forEach(u -> views.add(u.view()));
        return views;
    }
}
