package io.cardea.gateway.upstream;

import java.net.URI;

/** What the admin API shows of one upstream. {@code state} is {@value ACTIVE} or {@value DRAINING}. */
public record UpstreamView(URI url, String state, boolean healthy, long inFlight) {
    public static final String ACTIVE = "active";
    public static final String DRAINING = "draining";
}
