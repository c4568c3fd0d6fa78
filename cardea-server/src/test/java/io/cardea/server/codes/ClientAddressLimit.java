package io.cardea.server.codes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer.Response;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The limit of requests for codes from one client address, which recovery and verification share;
 * their tests run with {@code cardea.codes.per-address=4}.
 */
public final class ClientAddressLimit {

    private ClientAddressLimit() {}

    /**
     * Four requests from one address are answered with 202, whether the emails are known or not; the
     * fifth is refused with 429 and {@code Retry-After}, and the same email from another address is
     * answered still.
     *
     * @param ask sends a request for an email from a client address (X-Forwarded-For)
     */
    public static void refusesTheFifthRequest(BiFunction<String, String, Response> ask, Supplier<String> newAddress) {
        String from = newAddress.get();
        for (int i = 0; i < 4; i++) {
            assertThat(ask.apply("stranger" + i + "@example.com", from).status()).isEqualTo(202);
        }

        Response refused = ask.apply("stranger9@example.com", from);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(Json.read(refused.body()).get("error").asString()).isEqualTo("too_many_requests");
        assertThat(Long.parseLong(refused.retryAfter())).isBetween(1L, 3600L);
        assertThat(ask.apply("stranger9@example.com", newAddress.get()).status()).isEqualTo(202);
    }
}
