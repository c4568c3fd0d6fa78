package io.cardea.server.identity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Argon2id password hashes in the standard PHC string form
 * ({@code $argon2id$v=19$m=7168,t=5,p=1$salt$hash}), so the parameters travel with each hash and a
 * hash made with older parameters is recognised and replaced at the next sign-in.
 */
public final class PasswordHasher {

    private static final Pattern PARAMETERS = Pattern.compile("^\\$argon2id\\$v=\\d+\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final PasswordSettings.Argon2 parameters;
    private final Argon2PasswordEncoder encoder;

    public PasswordHasher(PasswordSettings.Argon2 parameters) {
        this.parameters = parameters;
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, parameters.parallelism(),
                parameters.memoryKib(), parameters.iterations());
    }

    public String hash(CharSequence password) {
        return encoder.encode(password);
    }

    /** Compares in constant time; a hash of any Argon2 parameters verifies. */
    public boolean matches(CharSequence password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Whether {@code hash} was made with other parameters than those configured now. */
    public boolean outdated(String hash) {
        Matcher m = PARAMETERS.matcher(hash);
        return !m.find() || Integer.parseInt(m.group(1)) != parameters.memoryKib()
                || Integer.parseInt(m.group(2)) != parameters.iterations()
                || Integer.parseInt(m.group(3)) != parameters.parallelism();
    }
}
