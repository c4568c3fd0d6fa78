package io.cardea.server.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How passwords are checked and hashed (env {@code CARDEA_PASSWORD_MIN_LENGTH},
 * {@code CARDEA_PASSWORD_ARGON2_ITERATIONS}, ...).
 *
 * @param minLength the shortest password accepted at registration
 * @param argon2 the Argon2id cost of new hashes; changing it re-hashes each password at its next sign-in
 */
@ConfigurationProperties("cardea.password")
public record PasswordSettings(@DefaultValue("8") int minLength, @DefaultValue Argon2 argon2) {

    /** Defaults follow OWASP's Argon2id recommendation of m=7 MiB, t=5, p=1. */
    public record Argon2(@DefaultValue("5") int iterations, @DefaultValue("7168") int memoryKib,
            @DefaultValue("1") int parallelism) {}
}
