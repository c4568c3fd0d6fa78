package io.cardea.server.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashes in the standard PHC string form
 * ({@code $argon2id$v=19$m=7168,t=5,p=1$salt$hash}), so the parameters travel with each hash and a
 * hash made with older parameters is recognised and replaced at the next sign-in.
 */
public final class PasswordHasher {

    private static final Pattern HASH = Pattern.compile(
            "^\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,8})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final PasswordSettings.Argon2 parameters;
    private final Argon2id argon2;
    private final HashingThreads hashingThreads;
    private final SecureRandom random = new SecureRandom();
    private final Timer hashing;
    private final Timer verifying;

    /** Hash timings go to {@code cardea_password_hash_seconds}, by operation. */
    public PasswordHasher(PasswordSettings.Argon2 parameters, MeterRegistry registry) {
        this.parameters = parameters;
        this.argon2 = new Argon2id(parameters.iterations(), parameters.memoryKib(), parameters.parallelism());
        this.hashingThreads = new HashingThreads(argon2.memoryWords(), Runtime.getRuntime().availableProcessors());
        this.hashing = timer(registry, "hash");
        this.verifying = timer(registry, "verify");
    }

    private static Timer timer(MeterRegistry registry, String operation) {
        return Timer.builder("cardea.password.hash").description("Argon2id work, by operation")
                .tag("operation", operation).publishPercentileHistogram().register(registry);
    }

    public String hash(CharSequence password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] tag = hashingThreads.withArea(argon2.memoryWords(),
                area -> hashing.record(() -> argon2.hash(utf8(password), salt, HASH_BYTES, area)));
        return phc(parameters, salt, tag);
    }

    /**
     * A hash of the configured parameters that no password matches, without computing one: verifying
     * against it costs what verifying a real hash does.
     */
    public String decoy() {
        byte[] salt = new byte[SALT_BYTES];
        byte[] tag = new byte[HASH_BYTES];
        random.nextBytes(salt);
        random.nextBytes(tag);
        return phc(parameters, salt, tag);
    }

    /** Compares in constant time; a hash of any Argon2id parameters verifies, anything else does not. */
    public boolean matches(CharSequence password, String hash) {
        Matcher m = HASH.matcher(hash);
        if (!m.matches()) {
            return false;
        }
        Argon2id stored;
        byte[] salt;
        byte[] expected;
        try {
            stored = new Argon2id(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(3)));
            salt = Base64.getDecoder().decode(m.group(4));
            expected = Base64.getDecoder().decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual = hashingThreads.withArea(stored.memoryWords(),
                area -> verifying.record(() -> stored.hash(utf8(password), salt, expected.length, area)));
        return MessageDigest.isEqual(actual, expected);
    }

    /** Whether {@code hash} was made with other parameters than those configured now. */
    public boolean outdated(String hash) {
        Matcher m = HASH.matcher(hash);
        return !m.matches() || Integer.parseInt(m.group(1)) != parameters.memoryKib()
                || Integer.parseInt(m.group(2)) != parameters.iterations()
                || Integer.parseInt(m.group(3)) != parameters.parallelism();
    }

    private static String phc(PasswordSettings.Argon2 parameters, byte[] salt, byte[] tag) {
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(tag);
    }

    private static byte[] utf8(CharSequence password) {
        return password.toString().getBytes(StandardCharsets.UTF_8);
    }
}
