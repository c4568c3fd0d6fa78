package io.cardea.server.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
    private final Timer hashing;
    private final Timer verifying;

    /** Hash timings go to {@code cardea_password_hash_seconds}, by operation. */
    public PasswordHasher(PasswordSettings.Argon2 parameters, MeterRegistry registry) {
        this.parameters = parameters;
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, parameters.parallelism(),
                parameters.memoryKib(), parameters.iterations());
        this.hashing = timer(registry, "hash");
        this.verifying = timer(registry, "verify");
    }

    private static Timer timer(MeterRegistry registry, String operation) {
        return Timer.builder("cardea.password.hash").description("Argon2id work, by operation")
                .tag("operation", operation).publishPercentileHistogram().register(registry);
    }

    public String hash(CharSequence password) {
        return hashing.record(() -> encoder.encode(password));
    }

    /** Compares in constant time; a hash of any Argon2 parameters verifies. */
    public boolean matches(CharSequence password, String hash) {
        return verifying.record(() -> encoder.matches(password, hash));
    }

    /** Whether {@code hash} was made with other parameters than those configured now. */
    public boolean outdated(String hash) {
        Matcher m = PARAMETERS.matcher(hash);
        return !m.find() || Integer.parseInt(m.group(1)) != parameters.memoryKib()
                || Integer.parseInt(m.group(2)) != parameters.iterations()
                || Integer.parseInt(m.group(3)) != parameters.parallelism();
    }
}
