package io.cardea.server.codes;

import java.time.Duration;

/**
 * A code just issued, for its mail: the six digits a person types, and the secret of the link they
 * open instead. Neither is stored; only their hashes are.
 */
public record IssuedCode(String code, String linkSecret, Duration lifetime) {

    @Override
    public String toString() {
        return "IssuedCode[redacted]";
    }
}
