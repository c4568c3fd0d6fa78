package io.cardea.server.identity;

import io.cardea.server.web.RequestRefused;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The check registration makes on an email address: a plausible shape only. Whether the address
 * receives mail can only be proven by sending to it, which a later verification flow does.
 */
public final class EmailAddress {

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+$");
    private static final int MAX_LENGTH = 254;

    private EmailAddress() {}

    /** The address with surrounding spaces removed; refused when it does not look like one. */
    public static String parse(String email) {
        if (email == null || email.isBlank()) {
            throw invalid("An email address is required.");
        }
        String trimmed = email.strip();
        if (trimmed.length() > MAX_LENGTH || !SHAPE.matcher(trimmed).matches()) {
            throw invalid("This is not a valid email address.");
        }
        return trimmed;
    }

    private static RequestRefused invalid(String message) {
        return new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_email", "email", message);
    }
}
