package io.cardea.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An instance killed with {@code kill -9} while it sends mail loses none: the messages it had
 * claimed are sent by the other instance once the claim's lease ends, and a message it was in the
 * middle of sending arrives at most twice, both times under one Message-ID.
 */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MailAfterAKillTest {

    private static final int MESSAGES = 40;

    @Test
    void killingTheInstanceThatSendsLosesNoMessage(TestDatabase db, @TempDir Path work) throws Exception {
        try (TestMail mail = TestMail.start();
                SlowSmtp slow = SlowSmtp.inFrontOf(mail.port(), Duration.ofMillis(60));
                UpgradeDeployment deployment = UpgradeDeployment.start(db, work, 2, TestRelease.current(), """
                        CARDEA_MAIL_SMTP_HOST=127.0.0.1
                        CARDEA_MAIL_SMTP_PORT=%d
                        CARDEA_MAIL_SMTP_SECURITY=none
                        CARDEA_MAIL_FROM=no-reply@example.com
                        CARDEA_MAIL_POLL_INTERVAL=200ms
                        CARDEA_MAIL_CLAIM_LEASE=5s
                        CARDEA_CODES_PER_ADDRESS=100000
                        """.formatted(slow.port()))) {
            JdbcClient sql = JdbcClient.create(db.dataSource());
            Http gateway = new Http(deployment.gateway);
            String[] admin = {"Authorization", Http.bearer(Deployment.at(deployment.dir).config().adminToken())};
            List<String> people = IntStream.range(0, MESSAGES).mapToObj(i -> "kill-" + i + "@mail.test").toList();
            for (String email : people) {
                assertThat(gateway.postJson("/admin/identities", "{\"email\":\"" + email + "\",\"password\":\""
                        + UpgradeDeployment.PASSWORD + "\"}", admin).statusCode()).isEqualTo(201);
            }
            awaitRecoveryOffered(gateway);
            for (String email : people) {
                assertThat(gateway.postJson("/self-service/recovery", "{\"email\":\"" + email + "\"}").statusCode())
                        .isEqualTo(202);
            }

            // Kill the instance holding messages once some have gone out: it is mid-send.
            String holder = awaitClaimHolder(sql);
            long pid = Long.parseLong(holder.split(" ")[1]);
            InstanceView killed = deployment.running().stream().filter(i -> i.pid() == pid).findFirst().orElseThrow();
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(10, TimeUnit.SECONDS);
            // What the dead instance still holds, read before its lease (5 s) lets the other take it over.
            int heldWhenKilled = sql.sql("SELECT count(*) FROM mail_outbox WHERE claimed_by = ? AND state = 'queued'")
                    .param(holder).query(Integer.class).single();

            long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (sql.sql("SELECT count(*) FROM mail_outbox WHERE state <> 'sent'").query(Integer.class).single() > 0) {
                assertThat(System.nanoTime()).as("every message sent within 2 minutes of the kill").isLessThan(until);
                Thread.sleep(200);
            }

            // The recovery mails; the deployment's own sign-ups were sent verification mail too.
            Map<String, List<TestMail.Received>> byRecipient = mail.all().stream()
                    .filter(m -> m.subject().startsWith("Reset your"))
                    .collect(Collectors.groupingBy(TestMail.Received::to));
            assertThat(byRecipient.keySet()).containsExactlyInAnyOrderElementsOf(people);
            int duplicates = 0;
            for (var received : byRecipient.values()) {
                Set<String> ids = received.stream().map(TestMail.Received::messageId).collect(Collectors.toSet());
                assertThat(ids).as("a message sent again keeps its Message-ID").hasSize(1);
                duplicates += received.size() - 1;
            }
            assertThat(duplicates).as("at most the messages the killed instance held").isLessThanOrEqualTo(heldWhenKilled);
            assertThat(heldWhenKilled).as("the kill hit an instance with messages in hand").isPositive();
            System.out.printf("mail after kill -9: %d messages, %d held by the killed instance, %d sent twice%n",
                    MESSAGES, heldWhenKilled, duplicates);
            assertThat(deployment.control().instance(killed.url()).restarts()).as("the supervisor restarted it")
                    .isPositive();
        }
    }

    private static void awaitRecoveryOffered(Http gateway) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int offered = 0; offered < 4; ) {
            offered = gateway.get("/recovery").statusCode() == 200 ? offered + 1 : 0;
            assertThat(System.nanoTime()).as("recovery offered within 30 s of the start").isLessThan(until);
            Thread.sleep(100);
        }
    }

    /** The instance that holds unsent messages once at least a few were sent. */
    private static String awaitClaimHolder(JdbcClient sql) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < until) {
            int sent = sql.sql("SELECT count(*) FROM mail_outbox WHERE state = 'sent'").query(Integer.class).single();
            var holder = sql.sql("SELECT claimed_by FROM mail_outbox WHERE state = 'queued' AND claimed_until > now() "
                    + "LIMIT 1").query(String.class).optional();
            if (sent >= 3 && holder.isPresent()) {
                return holder.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no instance held mail within a minute");
    }
}
