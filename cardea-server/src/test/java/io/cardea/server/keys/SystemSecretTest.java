package io.cardea.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SystemSecretTest {

    private static final String SECRET = "a-system-secret-of-at-least-32-characters";
    private static final String NEW = "the-system-secret-that-replaces-the-old-one";

    @Test
    void whatOneInstanceEncryptsAnotherWithTheSameSecretDecrypts() {
        byte[] sealed = new SystemSecret(SECRET).encrypt("private key".getBytes(StandardCharsets.UTF_8), "kid-1");

        assertThat(new String(new SystemSecret(SECRET).open(sealed, "kid-1").plain(), StandardCharsets.UTF_8))
                .isEqualTo("private key");
    }

    @Test
    void anotherSecretOrAnotherRowCannotDecrypt() {
        byte[] sealed = new SystemSecret(SECRET).encrypt(new byte[] {1, 2, 3}, "kid-1");

        assertThatThrownBy(() -> new SystemSecret(SECRET + "!").open(sealed, "kid-1").plain())
                .isInstanceOf(MissingSecret.class).hasMessageContaining("CARDEA_SECRETS_SYSTEM");
        assertThatThrownBy(() -> new SystemSecret(SECRET).open(sealed, "kid-2"))
                .isInstanceOf(MissingSecret.class);
    }

    @Test
    void duringARolloverTheFirstValueEncryptsAndEveryValueDecrypts() {
        byte[] underOld = new SystemSecret(SECRET).encrypt(new byte[] {1, 2, 3}, "kid-1");
        var rollover = new SystemSecret(NEW + ", " + SECRET);

        assertThat(rollover.open(underOld, "kid-1").underCurrentValue()).isFalse();
        byte[] underNew = rollover.encrypt(new byte[] {1, 2, 3}, "kid-1");
        assertThat(rollover.open(underNew, "kid-1").underCurrentValue()).isTrue();
        assertThat(new SystemSecret(NEW).open(underNew, "kid-1").plain()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> new SystemSecret(NEW).open(underOld, "kid-1"))
                .isInstanceOf(MissingSecret.class).hasMessageContaining("new,old");
    }

    @Test
    void aShortValueInARolloverIsNamed() {
        assertThatThrownBy(() -> new SystemSecret(NEW + ",")).isInstanceOf(MissingSecret.class)
                .hasMessageContaining("value 2 of CARDEA_SECRETS_SYSTEM is too short");
    }

    @Test
    void aMissingOrShortSecretSaysWhatToSet() {
        assertThatThrownBy(() -> new SystemSecret(null)).isInstanceOf(MissingSecret.class)
                .hasMessageContaining("set CARDEA_SECRETS_SYSTEM");
        assertThatThrownBy(() -> new SystemSecret("short")).isInstanceOf(MissingSecret.class)
                .hasMessageContaining("too short");
    }
}
