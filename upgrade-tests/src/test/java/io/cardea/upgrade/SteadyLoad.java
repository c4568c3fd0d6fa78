package io.cardea.upgrade;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady mixed load through the gateway, for the whole of an upgrade: sign-ins, client
 * credentials tokens, introspection and userinfo with tokens issued before the upgrade, the
 * pre-upgrade browser session, and the JWKS. Every request that gets no answer or an unexpected
 * status counts as failed, with what happened.
 */
final class SteadyLoad implements AutoCloseable {

    private static final long PAUSE_MILLIS = 25;

    private final UpgradeDeployment deployment;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> workers = new ArrayList<>();

    private SteadyLoad(UpgradeDeployment deployment) {
        this.deployment = deployment;
    }

    static SteadyLoad start(UpgradeDeployment deployment, int clients) {
        var load = new SteadyLoad(deployment);
        for (int i = 0; i < clients; i++) {
            int client = i;
            load.workers.add(Thread.ofPlatform().name("load-" + i).start(() -> load.work(client)));
        }
        return load;
    }

    private void work(int client) {
        Http http = new Http(deployment.gateway);
        for (long i = client; running.get(); i++) {
            String what = switch ((int) (i % 10)) {
                case 0 -> "sign-in";
                case 1, 2 -> "client_credentials";
                case 3, 4 -> "introspection";
                case 5, 6 -> "userinfo";
                case 7 -> "session";
                default -> "jwks";
            };
            sent.incrementAndGet();
            try {
                HttpResponse<String> answer = send(http, what, i);
                if (answer.statusCode() != 200 || !expected(what, answer.body())) {
                    fail(what + ": " + answer.statusCode() + " " + abbreviate(answer.body()));
                }
            } catch (Exception e) {
                fail(what + ": " + e);
            }
            pause();
        }
    }

    /** Steady, not flat out: the machine must keep room to start the new release's instances. */
    private void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    private HttpResponse<String> send(Http http, String what, long i) throws Exception {
        String client = Http.basic(UpgradeDeployment.CLIENT_ID, deployment.clientSecret);
        return switch (what) {
            case "sign-in" -> http.postJson("/self-service/login", "{\"email\":\""
                    + deployment.emails.get((int) (i % deployment.emails.size())) + "\",\"password\":\""
                    + UpgradeDeployment.PASSWORD + "\"}");
            case "client_credentials" -> http.postForm("/oauth2/token", Map.of("grant_type", "client_credentials"),
                    "Authorization", client);
            case "introspection" -> http.postForm("/oauth2/introspect", Map.of("token", deployment.clientAccessToken),
                    "Authorization", client);
            case "userinfo" -> http.get("/userinfo", "Authorization", Http.bearer(deployment.userAccessToken));
            case "session" -> deployment.browser.get("/sessions/whoami");
            default -> http.get("/oauth2/jwks");
        };
    }

    private static boolean expected(String what, String body) {
        return switch (what) {
            case "client_credentials" -> body.contains("\"access_token\"");
            case "introspection" -> body.contains("\"active\":true");
            case "userinfo" -> body.contains("\"sub\"");
            case "jwks" -> body.contains("\"keys\"");
            default -> true;
        };
    }

    private void fail(String what) {
        failed.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(what);
        }
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits until at least {@code more} further requests have been sent (the load is flowing). */
    void awaitMore(long more) throws InterruptedException {
        long target = sent.get() + more;
        while (sent.get() < target) {
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
