package io.cardea.server.keys;

import java.util.Arrays;
import java.util.List;

/**
 * The values of a secret setting such as {@code CARDEA_SECRETS_SYSTEM}: one value, or several
 * separated by commas while it is being replaced ("new,old"): the first protects what is written,
 * every one is accepted for what is read.
 */
public final class SecretSetting {

    /** Shorter values are refused: each value alone guards what the secret protects. */
    public static final int MIN_LENGTH = 32;

    private SecretSetting() {}

    /** The values, the first (current) one first; throws {@link MissingSecret} saying what to set. */
    static List<String> values(String variable, String setting) {
        if (setting == null || setting.isBlank()) {
            throw new MissingSecret(variable + " is not set: set " + variable + " to a random value of at least " + MIN_LENGTH
                    + " characters (for example `openssl rand -base64 48`), the same on every instance");
        }
        List<String> values = Arrays.stream(setting.split(",", -1)).map(String::strip).toList();
        requireLength(variable, values);
        return values;
    }

    /**
     * Throws {@link MissingSecret} naming the setting (and which of its values) when a value is
     * shorter than {@link #MIN_LENGTH}; the message gives its length, never the value.
     */
    public static void requireLength(String variable, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).length() < MIN_LENGTH) {
                throw new MissingSecret((values.size() == 1 ? variable : "value " + (i + 1) + " of " + variable)
                        + " is too short (" + values.get(i).length() + " characters): use a random value of at least "
                        + MIN_LENGTH + " characters, the same on every instance (for example `openssl rand -base64 48`)");
            }
        }
    }
}
