package io.cardea.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SystemSecretTest {

    private static final String SECRET = "a-system-secret-of-at-least-32-characters";

    @Test
    void whatOneInstanceEncryptsAnotherWithTheSameSecretDecrypts() {
        byte[] sealed = new SystemSecret(SECRET).encrypt("private key".getBytes(StandardCharsets.UTF_8), "kid-1");

        assertThat(new String(new SystemSecret(SECRET).decrypt(sealed, "kid-1"), StandardCharsets.UTF_8))
                .isEqualTo("private key");
    }

    @Test
    void anotherSecretOrAnotherRowCannotDecrypt() {
        byte[] sealed = new SystemSecret(SECRET).encrypt(new byte[] {1, 2, 3}, "kid-1");

        assertThatThrownBy(() -> new SystemSecret(SECRET + "!").decrypt(sealed, "kid-1"))
                .isInstanceOf(MissingSystemSecret.class).hasMessageContaining("CARDEA_SECRETS_SYSTEM");
        assertThatThrownBy(() -> new SystemSecret(SECRET).decrypt(sealed, "kid-2"))
                .isInstanceOf(MissingSystemSecret.class);
    }

    @Test
    void aMissingOrShortSecretSaysWhatToSet() {
        assertThatThrownBy(() -> new SystemSecret(null)).isInstanceOf(MissingSystemSecret.class)
                .hasMessageContaining("set CARDEA_SECRETS_SYSTEM");
        assertThatThrownBy(() -> new SystemSecret("short")).isInstanceOf(MissingSystemSecret.class)
                .hasMessageContaining("too short");
    }
}
