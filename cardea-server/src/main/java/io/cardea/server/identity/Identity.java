package io.cardea.server.identity;

import java.time.Instant;
import java.util.UUID;

/** A person who can sign in. {@code state} is {@code active} or {@code disabled}. */
public record Identity(UUID id, String email, String state, Instant createdAt) {

    public boolean active() {
        return state.equals("active");
    }
}
