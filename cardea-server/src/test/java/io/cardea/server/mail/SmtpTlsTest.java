package io.cardea.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.cardea.server.TestServer;
import io.cardea.server.keys.SystemSecret;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Delivery over implicit TLS with authentication, to a real SMTP server (GreenMail) whose certificate
 * a test CA of its own signed for 127.0.0.1: trusted through {@code trusted-certificates}, refused
 * without it, and a wrong password refused by the server.
 */
@ExtendWith(PostgresExtension.class)
class SmtpTlsTest {

    static final SystemSecret SECRET = new SystemSecret(TestServer.SYSTEM_SECRET);
    @TempDir
    static Path keys;
    static GreenMail smtps;
    static Path certificate;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        sql = JdbcClient.create(db.dataSource());
        Path store = keys.resolve("smtp.p12");
        certificate = keys.resolve("smtp.pem");
        keytool("-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "greenmail", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        // GreenMail reads its TLS key from these once, when its first TLS server starts.
        System.setProperty("greenmail.tls.keystore.file", store.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
        smtps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("cardea@example.com", "cardea",
                        "smtp-password"));
        smtps.start();
    }

    @AfterAll
    static void stop() {
        smtps.stop();
    }

    @BeforeEach
    void emptyOutbox() {
        sql.sql("DELETE FROM mail_outbox").update();
    }

    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }

    private static MailSettings settings(String password, Path trusted) {
        Map<String, String> values = new HashMap<>(Map.of("cardea.mail.smtp.host", "127.0.0.1",
                "cardea.mail.smtp.port", Integer.toString(smtps.getSmtps().getPort()), "cardea.mail.smtp.security", "tls",
                "cardea.mail.smtp.username", "cardea", "cardea.mail.smtp.password", password,
                "cardea.mail.smtp.timeout", "5s", "cardea.mail.from", "no-reply@example.com"));
        if (trusted != null) {
            values.put("cardea.mail.smtp.trusted-certificates", trusted.toString());
        }
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("cardea.mail", MailSettings.class);
    }

    private static int deliver(MailSettings settings, String to) {
        new Outbox(sql, SECRET, settings).enqueue(new Mail(to, "test", "Hello", "Your code is 123456", null));
        return new MailDelivery(sql, SECRET, new SmtpTransport(settings), settings, "a", new SimpleMeterRegistry())
                .deliverDue();
    }

    private static String lastError() {
        return sql.sql("SELECT last_error FROM mail_outbox").query(String.class).single();
    }

    @Test
    void overTlsWithTheServersCertificateTrustedAndAuthenticated() throws Exception {
        assertThat(deliver(settings("smtp-password", certificate), "tls@example.com")).isEqualTo(1);

        assertThat(smtps.getReceivedMessages()).anySatisfy(m -> assertThat(m.getAllRecipients()[0].toString())
                .isEqualTo("tls@example.com"));
    }

    @Test
    void aCertificateNobodyTrustedIsRefusedAndTheMessageWaits() {
        assertThat(deliver(settings("smtp-password", null), "untrusted@example.com")).isZero();

        assertThat(lastError()).containsIgnoringCase("certification path");
        assertThat(sql.sql("SELECT state FROM mail_outbox").query(String.class).single()).isEqualTo("queued");
    }

    @Test
    void aWrongPasswordIsRefusedByTheServerAndTheMessageWaits() {
        assertThat(deliver(settings("not-the-password", certificate), "refused@example.com")).isZero();

        assertThat(lastError()).isNotBlank().doesNotContain("not-the-password");
        assertThat(sql.sql("SELECT state FROM mail_outbox").query(String.class).single()).isEqualTo("queued");
    }

    @Test
    void aTrustFileWithoutCertificatesStopsTheStart() throws Exception {
        Path empty = Files.writeString(keys.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> new SmtpTransport(settings("smtp-password", empty)))
                .hasMessageContaining("cardea.mail.smtp.trusted-certificates");
    }
}
