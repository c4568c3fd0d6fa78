package io.cardea.gateway.ratelimit;

import java.util.List;

/**
 * How fast one client address may POST to the sign-in and token endpoints: {@code perSecond}
 * on average, {@code burst} at once. A path matches itself and everything below it.
 */
public record RateLimit(double perSecond, int burst, List<String> paths) {

    public static final List<String> DEFAULT_PATHS = List.of("/self-service/login", "/oauth2/token");

    public RateLimit {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate limit must be above 0 per second with a burst of at least 1, got "
                    + perSecond + "/s and burst " + burst);
        }
        for (String path : paths) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("rate-limited path '" + path + "' must start with /");
            }
        }
        paths = List.copyOf(paths);
    }

    boolean covers(String method, String path) {
        if (!"POST".equals(method)) {
            return false;
        }
        for (String limited : paths) {
            String prefix = limited.endsWith("/") ? limited : limited + "/";
            if (path.equals(limited) || path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
