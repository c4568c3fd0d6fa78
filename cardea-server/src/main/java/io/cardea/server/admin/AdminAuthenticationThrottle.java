package io.cardea.server.admin;

import io.cardea.server.web.RequestRefused;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows the guessing of admin tokens: once a client address has failed {@value #FAILURES} admin
 * authentications within a minute of its first failure, it is answered 429 with
 * {@code Retry-After} until that minute is over, whatever token it sends (so that a guess that hits
 * does not show). Counted in this instance's memory: each instance counts its own failures, and a
 * restart forgets them, which is enough to make guessing a token of 32 characters or more hopeless.
 */
final class AdminAuthenticationThrottle {

    static final int FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /**
     * Addresses counted at most. Past it, addresses without a count of their own share one, so that
     * many addresses cannot fill the memory, nor guess unthrottled.
     */
    static final int ADDRESSES = 10_000;
    private static final String SHARED = "";

    /** The failures of one address since the first of its current window. */
    private record Window(Instant start, int failures) {
        boolean over(Instant now) {
            return !now.isBefore(start.plus(WINDOW));
        }
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Throws a 429 while {@code address} has failed too often. */
    void check(String address) {
        Instant now = Instant.now();
        Window window = windows.get(key(address));
        if (window != null && !window.over(now) && window.failures() >= FAILURES) {
            throw RequestRefused.tooManyRequests("too_many_attempts", "Too many failed admin authentications from "
                    + "this address; try again later.", Duration.between(now, window.start().plus(WINDOW)));
        }
    }

    void failed(String address) {
        Instant now = Instant.now();
        windows.compute(key(address), (k, window) -> window == null || window.over(now) ? new Window(now, 1)
                : new Window(window.start(), window.failures() + 1));
    }

    private String key(String address) {
        if (windows.size() >= ADDRESSES && !windows.containsKey(address)) {
            Instant now = Instant.now();
            windows.values().removeIf(window -> window.over(now));
            if (windows.size() >= ADDRESSES) {
                return SHARED;
            }
        }
        return address;
    }
}
