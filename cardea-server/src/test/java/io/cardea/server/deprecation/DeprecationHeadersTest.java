package io.cardea.server.deprecation;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.registry.RunningRelease;
import io.cardea.server.LogCapture;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose release (a test manifest put first on its class path) deprecates an endpoint, a
 * field and a setting, beside one whose release deprecates nothing.
 */
@ExtendWith(PostgresExtension.class)
class DeprecationHeadersTest {

    private static final String MANIFEST = """
            {"format": 1, "version": "99.0.0", "deprecations": [
              {"kind": "endpoint", "what": "GET /sessions/whoami", "since": "99.0.0",
               "replacement": "GET /sessions/current", "deprecatedOn": "2026-03-02", "sunset": "2027-06-05",
               "link": "https://cardea.example/upgrading"},
              {"kind": "field", "what": "POST /self-service/registration field traits", "since": "99.0.0",
               "replacement": "the profile API", "deprecatedOn": "2026-03-02", "sunset": "2027-06-05", "link": null},
              {"kind": "setting", "what": "CARDEA_PASSWORD_MIN_LENGTH", "since": "99.0.0",
               "replacement": "CARDEA_PASSWORD_POLICY", "deprecatedOn": "2026-03-02", "sunset": null, "link": null},
              {"kind": "setting", "what": "CARDEA_NOBODY_SETS_THIS", "since": "99.0.0",
               "replacement": "nothing", "deprecatedOn": "2026-03-02", "sunset": null, "link": null}
            ]}
            """;

    @AutoClose
    static TestServer deprecating;
    @AutoClose
    static TestServer current;
    static String startLog;

    @BeforeAll
    static void start(TestDatabase db, @TempDir Path classes) throws IOException {
        TestServer.migrate(db);
        Path manifest = classes.resolve(RunningRelease.MANIFEST);
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, MANIFEST);
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (var log = new LogCapture();
                var release = new URLClassLoader(new URL[] {classes.toUri().toURL()}, original)) {
            thread.setContextClassLoader(release);
            deprecating = TestServer.start(db, Map.of("cardea.password.min-length", "10"));
            startLog = log.text();
        } finally {
            thread.setContextClassLoader(original);
        }
        current = TestServer.start(db);
    }

    @Test
    void aDeprecatedEndpointAnswersWithDeprecationSunsetAndLink() {
        TestServer.Response r = deprecating.get("/sessions/whoami", null);

        long deprecatedOn = LocalDate.of(2026, 3, 2).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Deprecation")).isEqualTo("@" + deprecatedOn).isEqualTo("@1772409600");
        assertThat(r.header("Sunset")).isEqualTo("Sat, 05 Jun 2027 00:00:00 GMT");
        assertThat(r.headers().allValues("Link")).contains("<https://cardea.example/upgrading>; rel=\"deprecation\"");
    }

    @Test
    void theEndpointOfADeprecatedFieldAnswersWithDeprecationButNoSunset() {
        TestServer.Response r = deprecating.post("/self-service/registration", "{}", null);

        assertThat(r.header("Deprecation")).isEqualTo("@1772409600");
        assertThat(r.header("Sunset")).isNull();
    }

    @Test
    void otherEndpointsAndMethodsAnswerWithoutTheHeaders() {
        assertThat(deprecating.get("/health/ready", null).header("Deprecation")).isNull();
        assertThat(deprecating.delete("/sessions/whoami", null).header("Deprecation")).isNull();
        assertThat(deprecating.get("/sessions/whoami/more", null).header("Deprecation")).isNull();
    }

    @Test
    void aReleaseThatDeprecatesNothingInstallsNoFilterAndSendsNoHeader() {
        assertThat(current.get("/sessions/whoami", null).header("Deprecation")).isNull();
        assertThat(current.server().part(ServletContext.class).getFilterRegistrations())
                .doesNotContainKey(DeprecationHeaders.NAME);
        assertThat(deprecating.server().part(ServletContext.class).getFilterRegistrations())
                .containsKey(DeprecationHeaders.NAME);
    }

    @Test
    void aDeprecatedSettingThatIsSetIsLoggedOnceWithItsReplacement() {
        assertThat(startLog).containsOnlyOnce("CARDEA_PASSWORD_MIN_LENGTH is deprecated since Cardea 99.0.0: use "
                + "CARDEA_PASSWORD_POLICY instead").doesNotContain("CARDEA_NOBODY_SETS_THIS");
    }
}
