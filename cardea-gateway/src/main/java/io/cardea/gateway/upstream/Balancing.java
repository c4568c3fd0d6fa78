package io.cardea.gateway.upstream;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the gateway chooses the member that takes a new request. */
public enum Balancing {
    /** The ready member with the fewest requests in flight, members taking turns when equal. */
    LEAST_BUSY,
    /** The next ready member in turn, however busy: with two members, every second request goes to each. */
    ROUND_ROBIN;

    /** The environment variable that chooses it, for {@code cardea gateway} and {@code cardea deploy}. */
    public static final String ENVIRONMENT = "CARDEA_GATEWAY_BALANCING";

    /** As operators write it: {@code least-busy}, {@code round-robin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a setting's value; an unknown one is refused with the values it may take. */
    public static Balancing named(String setting, String value) {
        for (Balancing b : values()) {
            if (b.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new IllegalArgumentException(setting + " must be one of "
                + Arrays.stream(values()).map(Balancing::label).collect(Collectors.joining(", ")) + "; got '" + value + "'");
    }
}
