package io.cardea.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.cardea.embedded.EmbeddedPostgres;
import io.cardea.migrate.Migrator;
import io.cardea.server.CardeaServer;
import io.cardea.server.RunningServer;
import io.cardea.server.ServerOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What mail costs: one Cardea instance (in this JVM) asked for recovery codes by {@code --clients}
 * clients for {@code --seconds} — each request looks the account up, stores a code and queues its
 * mail in one transaction — then signed up to, each sign-up queueing its verification mail, while
 * its delivery worker sends the queue to a local SMTP server (GreenMail, in this JVM too). Reports
 * each load's rate and latency, and the messages delivered per second once the queue drains.
 * Writes bench/results/mail.{md,json}.
 *
 * <pre>bench/run-mail-bench [--seconds 10] [--clients 8]</pre>
 */
public final class MailBenchmark {

    private static final String SECRET = "bench-system-secret-of-more-than-32-characters";

    private MailBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = option(args, "--seconds", 10);
        int clients = option(args, "--clients", 8);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        Path work = Path.of("bench/work/mail");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(work.resolve("postgres"))) {
            GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            smtp.start();
            try {
                run(postgres, smtp, seconds, clients, loadBefore);
            } finally {
                smtp.stop();
            }
        }
        System.exit(0);
    }

    private static void run(EmbeddedPostgres postgres, GreenMail smtp, int seconds, int clients, String loadBefore)
            throws Exception {
        Migrator.configure().dataSource(postgres.dataSource("postgres")).releaseMigrations().load().up();
        JdbcClient sql = JdbcClient.create(postgres.dataSource("postgres"));
        // Accounts enough that no request meets the per-account limit; their password is never used.
        int accounts = 200_000;
        sql.sql("""
                INSERT INTO identities (id, email) SELECT gen_random_uuid(), 'bench-' || n || '@mail.bench'
                  FROM generate_series(1, :n) n""").param("n", accounts).update();
        sql.sql("INSERT INTO password_credentials (identity_id, hash) SELECT id, 'not a usable hash' FROM identities")
                .update();
        Map<String, String> settings = Map.of("cardea.secrets.system", SECRET, "cardea.secrets.cookie", SECRET,
                "cardea.mail.smtp.host", "127.0.0.1", "cardea.mail.smtp.port",
                Integer.toString(smtp.getSmtp().getPort()), "cardea.mail.smtp.security", "none",
                "cardea.mail.from", "no-reply@mail.bench", "cardea.codes.per-address", "100000000",
                "cardea.shutdown.drain-delay", "0s", "logging.level.root", "warn",
                "cardea.sign-up.throttle.per-address", "0");
        try (RunningServer server = CardeaServer.start(new ServerOptions(postgres.jdbcUrl("postgres"),
                EmbeddedPostgres.SUPERUSER, null, "127.0.0.1", 0, settings))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            awaitOffered(http, base);
            AtomicInteger next = new AtomicInteger();
            load(http, base, clients, Duration.ofSeconds(3), () -> recovery(next)); // warm-up, not recorded
            long cpuBefore = cpuNanos();
            Result requests = load(http, base, clients, Duration.ofSeconds(seconds), () -> recovery(next));
            long cpu = cpuNanos() - cpuBefore;
            AtomicInteger signedUp = new AtomicInteger();
            load(http, base, clients, Duration.ofSeconds(3), () -> signUp(signedUp)); // warm-up
            long signUpCpuBefore = cpuNanos();
            Result signUps = load(http, base, clients, Duration.ofSeconds(seconds), () -> signUp(signedUp));
            long signUpCpu = cpuNanos() - signUpCpuBefore;
            awaitDrained(sql);
            var delivery = sql.sql("""
                    SELECT count(*) AS sent, extract(epoch FROM max(sent_at) - min(sent_at)) AS seconds
                      FROM mail_outbox WHERE state = 'sent'""").query().singleRow();
            long sent = ((Number) delivery.get("sent")).longValue();
            double span = ((Number) delivery.get("seconds")).doubleValue();
            String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
            write(requests, cpu, signUps, signUpCpu, sent, span, smtp.getReceivedMessages().length, clients, seconds,
                    loadBefore, loadAfter);
        }
    }

    private record Result(long requests, long errors, double perSecond, double p50Ms, double p99Ms) {}

    /** One request of a load: its path and JSON body, and the status that means it worked. */
    private record Call(String path, String json, int expected) {}

    private static Call recovery(AtomicInteger next) {
        return new Call("/self-service/recovery", "{\"email\":\"bench-" + next.incrementAndGet() + "@mail.bench\"}",
                202);
    }

    /** A new account, whose verification mail is queued with it. */
    private static Call signUp(AtomicInteger next) {
        return new Call("/self-service/registration", "{\"email\":\"new-" + next.incrementAndGet()
                + "@mail.bench\",\"password\":\"a long bench passphrase\"}", 201);
    }

    private static Result load(HttpClient http, String base, int clients, Duration length,
            java.util.function.Supplier<Call> calls) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            threads.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < mine.length - 1) {
                    Call call = calls.get();
                    long t = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + call.path()))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(call.json())).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != call.expected()) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                    }
                    mine[++n] = System.nanoTime() - t;
                }
                mine[0] = n;
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) l[0] + 1)).sorted().toArray();
        return new Result(all.length, errors.get(), all.length / took, percentile(all, 0.5) / 1e6,
                percentile(all, 0.99) / 1e6);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.max((int) Math.ceil(p * sorted.length), 1) - 1];
    }

    private static void awaitOffered(HttpClient http, String base) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (http.send(HttpRequest.newBuilder(URI.create(base + "/recovery")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("recovery was not offered within 30 s");
    }

    private static void awaitDrained(JdbcClient sql) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (sql.sql("SELECT count(*) FROM mail_outbox WHERE state = 'queued'").query(Long.class).single() > 0) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the outbox did not drain within 10 minutes");
            }
            Thread.sleep(200);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void write(Result r, long cpuNanos, Result signUps, long signUpCpuNanos, long sent, double span,
            int received, int clients, int seconds, String loadBefore, String loadAfter) throws IOException {
        double cpuMsPerRequest = cpuNanos / 1e6 / Math.max(r.requests(), 1);
        double signUpCpuMs = signUpCpuNanos / 1e6 / Math.max(signUps.requests(), 1);
        double deliveredPerSecond = span > 0 ? sent / span : 0;
        String md = """
                # Mail benchmark

                `bench/run-mail-bench --seconds %d --clients %d`, %s. One Cardea instance and a local SMTP
                server (GreenMail) in one JVM, the embedded PostgreSQL beside it; %d cores. Load average
                before: %s; after: %s.

                | figure | value |
                | --- | --- |
                | recovery requests (code stored and mail queued in one transaction) | %,.0f/s |
                | their latency p50 / p99 | %.1f ms / %.1f ms |
                | requests / errors (non-202) | %,d / %d |
                | JVM CPU per request (server, load and SMTP server together) | %.2f ms |
                | sign-ups (Argon2id hash, identity and verification mail in one transaction) | %,.1f/s |
                | their latency p50 / p99 | %.1f ms / %.1f ms |
                | sign-ups / errors (non-201) | %,d / %d |
                | JVM CPU per sign-up | %.2f ms |
                | mail delivered by the instance's worker, once the queue formed | %,.0f/s (%,d messages in %.1f s) |
                | messages the SMTP server received | %,d |
                """.formatted(seconds, clients, LocalDate.now(), Runtime.getRuntime().availableProcessors(), loadBefore,
                loadAfter, r.perSecond(), r.p50Ms(), r.p99Ms(), r.requests(), r.errors(), cpuMsPerRequest,
                signUps.perSecond(), signUps.p50Ms(), signUps.p99Ms(), signUps.requests(), signUps.errors(), signUpCpuMs,
                deliveredPerSecond, sent, span, received);
        String json = """
                {"date":"%s","seconds":%d,"clients":%d,"requestsPerSecond":%.1f,"p50Ms":%.2f,"p99Ms":%.2f,\
                "requests":%d,"errors":%d,"cpuMsPerRequest":%.3f,"signUpsPerSecond":%.1f,"signUpP50Ms":%.2f,\
                "signUpP99Ms":%.2f,"signUps":%d,"signUpErrors":%d,"cpuMsPerSignUp":%.3f,"deliveredPerSecond":%.1f,\
                "delivered":%d,"received":%d,"loadBefore":"%s","loadAfter":"%s"}
                """.formatted(LocalDate.now(), seconds, clients, r.perSecond(), r.p50Ms(), r.p99Ms(), r.requests(),
                r.errors(), cpuMsPerRequest, signUps.perSecond(), signUps.p50Ms(), signUps.p99Ms(), signUps.requests(),
                signUps.errors(), signUpCpuMs, deliveredPerSecond, sent, received, loadBefore, loadAfter);
        Path results = Path.of("bench/results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("mail.md"), md);
        Files.writeString(results.resolve("mail.json"), json);
        System.out.print(md);
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println("bench/run-mail-bench [--seconds 10] [--clients 8]");
            System.exit(0);
        }
        return fallback;
    }
}
