package io.cardea.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.gateway.upstream.UpstreamView;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UpstreamSwitchTest extends GatewayTestCase {

    record Outcome(long startedAt, String result) {
    }

    @Test
    void switchingTheSetUnderLoadFailsNoRequestAndMovesTrafficToTheNewSet() throws Exception {
        TestUpstream oldA = upstream("old-a");
        TestUpstream oldB = upstream("old-b");
        TestUpstream newA = upstream("new-a");
        TestUpstream newB = upstream("new-b");
        start(settings(oldA, oldB));

        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        ExecutorService users = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            users.submit(() -> {
                while (System.nanoTime() < until) {
                    long startedAt = System.nanoTime();
                    String result;
                    try {
                        HttpResponse<String> response = get("/session/whoami");
                        result = response.statusCode() == 200 ? response.body() : "status " + response.statusCode();
                    } catch (Exception e) {
                        result = "failed: " + e;
                    }
                    outcomes.add(new Outcome(startedAt, result));
                }
                return null;
            });
        }

        Thread.sleep(1000);
        admin().replaceUpstreams(List.of(newA.url(), newB.url()));
        long switchedAt = System.nanoTime();
        assertThat(admin().awaitDrained(oldA.url(), Duration.ofSeconds(10))).isTrue();
        assertThat(admin().awaitDrained(oldB.url(), Duration.ofSeconds(10))).isTrue();
        users.shutdown();
        assertThat(users.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

        Map<String, Long> byResult = outcomes.stream().collect(Collectors.groupingBy(Outcome::result, Collectors.counting()));
        assertThat(byResult.keySet()).containsExactlyInAnyOrder("old-a", "old-b", "new-a", "new-b");
        assertThat(outcomes).filteredOn(o -> o.startedAt() > switchedAt)
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.result()).startsWith("new-"));
        assertThat(admin().upstreams()).extracting(UpstreamView::url).containsExactly(newA.url(), newB.url());
    }

    @Test
    void aRemovedUpstreamFinishesItsSlowRequestAndOnlyThenReportsDrained() throws Exception {
        TestUpstream old = upstream("old");
        TestUpstream replacement = upstream("new");
        start(settings(old));

        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request("/slow").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(old.slowArrived.await(10, TimeUnit.SECONDS)).isTrue();

        admin().replaceUpstreams(List.of(replacement.url()));
        assertThat(get("/after").body()).isEqualTo("new");
        assertThat(admin().upstreams()).contains(new UpstreamView(old.url(), UpstreamView.DRAINING, true, 1));
        assertThat(admin().awaitDrained(old.url(), Duration.ofMillis(300))).isFalse();

        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return admin().awaitDrained(old.url(), Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(drained).isNotDone();
        old.releaseSlow.countDown();

        HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("old");
        assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(admin().upstreams()).extracting(UpstreamView::url).containsExactly(replacement.url());
    }
}
