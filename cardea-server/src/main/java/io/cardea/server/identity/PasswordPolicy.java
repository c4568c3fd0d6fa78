package io.cardea.server.identity;

import io.cardea.server.web.RequestRefused;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/** Which passwords registration accepts: long enough, and not among the most common ones. */
final class PasswordPolicy {

    private final int minLength;
    private final Set<String> common;

    PasswordPolicy(int minLength) {
        this.minLength = minLength;
        this.common = commonPasswords();
    }

    void check(String password) {
        if (password == null || password.isEmpty()) {
            throw weak("A password is required.");
        }
        if (password.codePointCount(0, password.length()) < minLength) {
            throw weak("The password must have at least " + minLength + " characters.");
        }
        if (common.contains(password.toLowerCase(Locale.ROOT))) {
            throw weak("This password is among the most common ones; choose another.");
        }
    }

    private static RequestRefused weak(String message) {
        return new RequestRefused(HttpStatus.BAD_REQUEST, "weak_password", "password", message);
    }

    private static Set<String> commonPasswords() {
        var in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt");
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
