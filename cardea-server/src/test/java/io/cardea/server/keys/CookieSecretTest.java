package io.cardea.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CookieSecretTest {

    private static final String OLD = "an-old-cookie-secret-of-more-than-32-characters";
    private static final String NEW = "a-new-cookie-secret-of-more-than-32-characters";

    @Test
    void theFirstValueSignsAndEveryValueVerifies() {
        String underOld = new CookieSecret(OLD).sign("c", "token");
        var rollover = new CookieSecret(NEW + "," + OLD);

        assertThat(rollover.verify("c", underOld)).hasValueSatisfying(v -> {
            assertThat(v.value()).isEqualTo("token");
            assertThat(v.underCurrentValue()).isFalse();
        });
        String underNew = rollover.sign("c", "token");
        assertThat(rollover.verify("c", underNew).orElseThrow().underCurrentValue()).isTrue();
        assertThat(new CookieSecret(NEW).verify("c", underNew)).isPresent();
        assertThat(new CookieSecret(NEW).verify("c", underOld)).isEmpty();
    }

    @Test
    void aValueSignedForOneCookieIsRefusedAsAnother() {
        String session = new CookieSecret(NEW).sign("cardea_session", "token");

        assertThat(new CookieSecret(NEW).verify("XSRF-TOKEN", session)).isEmpty();
    }

    @Test
    void aValueWithAChangedOrMissingSignatureIsRefused() {
        CookieSecret secret = new CookieSecret(NEW);
        String signed = secret.sign("c", "token");

        assertThat(secret.verify("c", "token")).isEmpty();
        assertThat(secret.verify("c", "other" + signed.substring("token".length()))).isEmpty();
        assertThat(secret.verify("c", signed.substring(0, signed.length() - 1))).isEmpty();
        assertThat(secret.verify("c", "")).isEmpty();
        assertThat(secret.toString()).doesNotContain(NEW);
    }
}
