package io.cardea.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.cardea.server.Json;
import io.cardea.testing.TestMail;
import io.cardea.server.TestServer;
import io.cardea.server.keys.SystemSecret;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The outbox's delivery against a real SMTP server, a dead one, and two instances at once. */
@ExtendWith(PostgresExtension.class)
class MailDeliveryTest {

    static final SystemSecret SECRET = new SystemSecret(TestServer.SYSTEM_SECRET);

    @AutoClose
    static TestMail mail;
    static TestDatabase db;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        TestServer.migrate(db);
        sql = JdbcClient.create(db.dataSource());
        mail = TestMail.start();
    }

    @BeforeEach
    void emptyOutbox() {
        sql.sql("DELETE FROM mail_outbox").update();
    }

    static MailSettings settings(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("cardea.mail", MailSettings.class);
    }

    static MailSettings sendingTo(int port, String... more) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("cardea.mail.smtp.host", "127.0.0.1",
                "cardea.mail.smtp.port", Integer.toString(port), "cardea.mail.smtp.security", "none",
                "cardea.mail.smtp.timeout", "5s", "cardea.mail.from", "Example <no-reply@example.com>",
                "cardea.mail.retry-after", "1s", "cardea.mail.max-attempts", "3"));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return settings(values);
    }

    static MailDelivery delivery(MailSettings settings, String instance) {
        return new MailDelivery(sql, SECRET, new SmtpTransport(settings), settings, instance, new SimpleMeterRegistry());
    }

    static String enqueue(MailSettings settings, String to) {
        return new Outbox(sql, SECRET, settings).enqueue(new Mail(to, "test", "Hello " + to,
                "Your code is 123456: https://id.example.com/x?token=abc", "<p>Your code is <b>123456</b></p>"));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aQueuedMessageIsDeliveredOnceWithItsMessageIdBothPartsAndItsBodyErased() {
        MailSettings settings = sendingTo(mail.port());
        String messageId = enqueue(settings, "once@example.com");
        byte[] sealed = sql.sql("SELECT sealed_message FROM mail_outbox").query(byte[].class).single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("123456").doesNotContain("Hello");

        assertThat(delivery(settings, "a").deliverDue()).isEqualTo(1);
        assertThat(delivery(settings, "a").deliverDue()).isZero();

        TestMail.Received got = mail.await("once@example.com");
        assertThat(mail.to("once@example.com")).hasSize(1);
        assertThat(got.messageId()).isEqualTo(messageId);
        assertThat(got.subject()).isEqualTo("Hello once@example.com");
        assertThat(got.text()).contains("123456");
        assertThat(got.html()).contains("<b>123456</b>");
        var row = sql.sql("SELECT state, sealed_message IS NULL AS erased, sent_at IS NOT NULL AS sent, attempts "
                + "FROM mail_outbox").query().singleRow();
        assertThat(row).containsEntry("state", "sent").containsEntry("erased", true).containsEntry("sent", true)
                .containsEntry("attempts", 1);
    }

    @Test
    void aDeadServerLeavesTheMessageQueuedAndItIsDeliveredOnceTheServerIsBack() throws Exception {
        int port = freePort();
        MailSettings settings = sendingTo(port);
        String messageId = enqueue(settings, "patient@example.com");

        assertThat(delivery(settings, "a").deliverDue()).isZero();

        var row = sql.sql("SELECT state, attempts, last_error, extract(epoch FROM next_attempt_at - now()) AS wait "
                + "FROM mail_outbox").query().singleRow();
        assertThat(row).containsEntry("state", "queued").containsEntry("attempts", 1);
        assertThat((String) row.get("last_error")).isNotBlank();
        assertThat(((Number) row.get("wait")).doubleValue()).isBetween(0.0, 1.0);
        assertThat(delivery(settings, "a").deliverDue()).as("not due before its wait").isZero();

        GreenMail back = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        back.start();
        try {
            Thread.sleep(1100);
            assertThat(delivery(settings, "a").deliverDue()).isEqualTo(1);
            MimeMessage[] received = back.getReceivedMessages();
            assertThat(received).hasSize(1);
            assertThat(received[0].getMessageID()).isEqualTo(messageId);
        } finally {
            back.stop();
        }
    }

    @Test
    void theWaitDoublesWithEachAttemptUpToAnHour() {
        MailDelivery d = delivery(sendingTo(1, "cardea.mail.retry-after", "30s"), "a");
        assertThat(d.retryWait(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.retryWait(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.retryWait(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(d.retryWait(9)).isEqualTo(Duration.ofHours(1));
        assertThat(d.retryWait(60)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void afterItsLastAttemptAMessageFailsAndTheOperatorSeesItAndQueuesItAgain() throws Exception {
        String token = "admin-token-for-the-mail-test-0123456789";
        int port = freePort();
        try (TestServer server = TestServer.start(db, Map.of("cardea.admin.tokens", token,
                "cardea.mail.smtp.host", "127.0.0.1", "cardea.mail.smtp.port", Integer.toString(port),
                "cardea.mail.smtp.security", "none", "cardea.mail.max-attempts", "2",
                "cardea.mail.retry-after", "100ms", "cardea.mail.poll-interval", "100ms"))) {
            enqueue(sendingTo(port), "unlucky@example.com");

            Instant until = Instant.now().plusSeconds(20);
            TestServer.Response failed;
            do {
                Thread.sleep(100);
                failed = server.call("GET", "/admin/mail?state=failed", token, null);
            } while (Json.read(failed.body()).get("messages").isEmpty() && Instant.now().isBefore(until));

            var message = Json.read(failed.body()).get("messages").get(0);
            assertThat(message.get("recipient").asString()).isEqualTo("unlucky@example.com");
            assertThat(message.get("attempts").asInt()).isEqualTo(2);
            assertThat(message.get("last_error").asString()).contains("attempt 2 of 2");
            assertThat(failed.body()).doesNotContain("123456");
            assertThat(server.get("/metrics", null).body()).contains("cardea_mail_outbox{state=\"failed\"} 1.0");
            assertThat(server.call("GET", "/admin/mail?state=sideways", token, null).status()).isEqualTo(400);
            assertThat(server.call("GET", "/admin/mail", null, null).status()).isEqualTo(401);

            String id = message.get("id").asString();
            TestServer.Response again = server.call("POST", "/admin/mail/" + id + "/retry", token, null);
            assertThat(again.status()).isEqualTo(200);
            assertThat(Json.read(again.body()).get("state").asString()).isEqualTo("queued");
            assertThat(Json.read(again.body()).get("attempts").asInt()).isZero();
            assertThat(server.call("POST", "/admin/mail/" + java.util.UUID.randomUUID() + "/retry", token, null)
                    .status()).isEqualTo(404);
        }
    }

    @Test
    void twoInstancesDeliverEveryMessageExactlyOnce() {
        MailSettings settings = sendingTo(mail.port());
        int before = mail.all().size();
        Set<String> queued = new HashSet<>();
        IntStream.range(0, 120).forEach(i -> queued.add(enqueue(settings, "many" + i + "@example.com")));

        MailDelivery a = delivery(settings, "instance a");
        MailDelivery b = delivery(settings, "instance b");
        var first = CompletableFuture.supplyAsync(a::deliverDue);
        var second = CompletableFuture.supplyAsync(b::deliverDue);

        assertThat(first.join() + second.join()).isEqualTo(120);
        List<TestMail.Received> received = mail.all().subList(before, mail.all().size());
        assertThat(received).hasSize(120);
        assertThat(received.stream().map(TestMail.Received::messageId).collect(java.util.stream.Collectors.toSet()))
                .isEqualTo(queued);
    }

    @Test
    void aClaimLeftByADeadInstanceIsTakenOverOnceItsLeaseEnds() {
        MailSettings settings = sendingTo(mail.port());
        String messageId = enqueue(settings, "orphan@example.com");
        sql.sql("UPDATE mail_outbox SET claimed_by = 'dead', claimed_until = now() + interval '1 hour', attempts = 1")
                .update();

        assertThat(delivery(settings, "live").deliverDue()).as("the dead instance's lease holds").isZero();

        sql.sql("UPDATE mail_outbox SET claimed_until = now() - interval '1 second'").update();
        assertThat(delivery(settings, "live").deliverDue()).isEqualTo(1);
        assertThat(mail.await("orphan@example.com").messageId()).isEqualTo(messageId);
        assertThat(sql.sql("SELECT attempts FROM mail_outbox").query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aFolderKeepsEachMessageAsAFileAMailClientOpens(@TempDir Path folder) throws Exception {
        MailSettings settings = settings(Map.of("cardea.mail.folder", folder.toString()));
        Outbox outbox = new Outbox(sql, SECRET, settings);
        String messageId = outbox.enqueue(new Mail("dev@example.com", "recovery", "Reset", "Open https://x/y?token=t",
                null));
        MailDelivery d = new MailDelivery(sql, SECRET, new MailFolder(folder, settings.from()), settings, "dev",
                new SimpleMeterRegistry());

        assertThat(d.deliverDue()).isEqualTo(1);

        List<Path> files;
        try (var list = Files.list(folder)) {
            files = list.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).endsWith("-recovery.eml");
        try (InputStream in = Files.newInputStream(files.get(0))) {
            MimeMessage m = new MimeMessage(jakarta.mail.Session.getInstance(new Properties()), in);
            assertThat(m.getMessageID()).isEqualTo(messageId);
            assertThat(m.getSubject()).isEqualTo("Reset");
            assertThat(m.getContent().toString()).contains("https://x/y?token=t");
        }
    }

    @Test
    void deliveredMailIsForgottenAfterAWeekAndFailedMailAfterAMonth() {
        MailSettings settings = sendingTo(mail.port());
        for (String to : List.of("old-sent", "new-sent", "old-failed", "new-failed", "queued")) {
            enqueue(settings, to + "@example.com");
        }
        sql.sql("UPDATE mail_outbox SET state = 'sent', sent_at = now() - interval '8 days' WHERE recipient LIKE 'old-sent%'")
                .update();
        sql.sql("UPDATE mail_outbox SET state = 'sent', sent_at = now() - interval '6 days' WHERE recipient LIKE 'new-sent%'")
                .update();
        sql.sql("UPDATE mail_outbox SET state = 'failed', created_at = now() - interval '31 days' "
                + "WHERE recipient LIKE 'old-failed%'").update();
        sql.sql("UPDATE mail_outbox SET state = 'failed' WHERE recipient LIKE 'new-failed%'").update();

        long purged = new OutboxPurge(sql, new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(db.dataSource()))).purge();

        assertThat(purged).isEqualTo(2);
        assertThat(sql.sql("SELECT recipient FROM mail_outbox ORDER BY recipient").query(String.class).list())
                .containsExactly("new-failed@example.com", "new-sent@example.com", "queued@example.com");
    }

    @Test
    void aRecipientTheServerRefusesForGoodFailsAtOnceWithoutRetries() {
        MailSettings settings = sendingTo(mail.port());
        enqueue(settings, "no-such-mailbox@example.com");
        // What Jakarta Mail throws when the server answers RCPT TO with a permanent 5xx.
        MailTransport refusing = () -> new MailTransport.Connection() {
            @Override
            public void send(String messageId, Mail m) throws jakarta.mail.MessagingException {
                throw new jakarta.mail.SendFailedException("550 5.1.1 mailbox unknown");
            }

            @Override
            public void close() {}
        };

        int sent = new MailDelivery(sql, SECRET, refusing, settings, "a", new SimpleMeterRegistry()).deliverDue();

        assertThat(sent).isZero();
        var row = sql.sql("SELECT state, attempts, last_error FROM mail_outbox").query().singleRow();
        assertThat(row).containsEntry("state", "failed").containsEntry("attempts", 1);
        assertThat((String) row.get("last_error")).contains("refused by the mail server", "550 5.1.1");
    }
}
