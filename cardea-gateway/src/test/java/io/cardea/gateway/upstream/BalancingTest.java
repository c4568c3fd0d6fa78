package io.cardea.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which member a new request goes to, least-busy and round-robin. */
class BalancingTest {

    private static final URI A = URI.create("http://127.0.0.1:4433");
    private static final URI B = URI.create("http://127.0.0.1:4434");
    private static final URI C = URI.create("http://127.0.0.1:4435");

    @Test
    void roundRobinSendsEachNewRequestToTheNextMemberHoweverBusy() {
        UpstreamSet set = set(Balancing.ROUND_ROBIN, A, B);

        // Nothing is released: a least-busy pick would avoid the member still serving.
        List<URI> picked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picked.add(set.acquire(Set.of()).url());
        }

        for (int n = 0; n + 1 < picked.size(); n++) {
            assertThat(picked.get(n + 1)).as("request %d and %d", n, n + 1).isNotEqualTo(picked.get(n));
        }
        assertThat(picked).containsOnly(A, B);
    }

    @Test
    void roundRobinSkipsAnUnhealthyMember() {
        UpstreamSet set = set(Balancing.ROUND_ROBIN, A, B, C);
        set.find(B).markUnreachable();

        List<URI> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Upstream u = set.acquire(Set.of());
            picked.add(u.url());
            u.release();
        }

        assertThat(picked).doesNotContain(B);
        for (int n = 0; n + 1 < picked.size(); n++) {
            assertThat(picked.get(n + 1)).isNotEqualTo(picked.get(n));
        }
    }

    @Test
    void aRetryNeverGoesBackToAMemberAlreadyTried() {
        for (Balancing how : Balancing.values()) {
            UpstreamSet set = set(how, A, B);
            Upstream first = set.acquire(Set.of());
            for (int i = 0; i < 4; i++) {
                Upstream retry = set.acquire(Set.of(first));
                assertThat(retry).as(how.label()).isNotSameAs(first);
                retry.release();
            }
            assertThat(set.acquire(Set.of(set.find(A), set.find(B)))).as(how.label()).isNull();
        }
    }

    @Test
    void leastBusyIsTheDefaultAndAvoidsABusyMember() {
        UpstreamSet set = new UpstreamSet();
        set.replace(List.of(A, B), url -> true);
        Upstream busy = set.acquire(Set.of());

        for (int i = 0; i < 4; i++) {
            Upstream next = set.acquire(Set.of());
            assertThat(next).isNotSameAs(busy);
            next.release();
        }
    }

    @Test
    void readsTheSettingAsOperatorsWriteItAndRefusesOtherValues() {
        assertThat(Balancing.named("X", "round-robin")).isEqualTo(Balancing.ROUND_ROBIN);
        assertThat(Balancing.named("X", " Least-Busy ")).isEqualTo(Balancing.LEAST_BUSY);
        assertThatThrownBy(() -> Balancing.named("CARDEA_GATEWAY_BALANCING", "random"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CARDEA_GATEWAY_BALANCING must be one of least-busy, round-robin; got 'random'");
    }

    private static UpstreamSet set(Balancing how, URI... urls) {
        UpstreamSet set = new UpstreamSet(how);
        set.replace(List.of(urls), url -> true);
        return set;
    }
}
