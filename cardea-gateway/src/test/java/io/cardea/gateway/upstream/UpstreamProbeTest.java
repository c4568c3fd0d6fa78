package io.cardea.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** How readiness probes move a member in and out: a late answer is not a verdict, a wrong one is. */
class UpstreamProbeTest {

    private final Upstream member = new Upstream(URI.create("http://127.0.0.1:4433"), true);

    @Test
    void probesWithoutAnAnswerTakeAMemberOutOnlyWhenSeveralComeInARow() {
        for (int i = 0; i < Upstream.MISSES_TOLERATED; i++) {
            member.probed(Upstream.Probe.NO_ANSWER);
            assertThat(member.healthy()).as("after %d probe(s) without an answer", i + 1).isTrue();
        }
        member.probed(Upstream.Probe.NO_ANSWER);
        assertThat(member.healthy()).isFalse();

        member.probed(Upstream.Probe.READY);
        assertThat(member.healthy()).isTrue();
    }

    @Test
    void anAnswerOtherThanReadyTakesItOutAtOnce() {
        member.probed(Upstream.Probe.NO_ANSWER);
        member.probed(Upstream.Probe.NOT_READY);
        assertThat(member.healthy()).isFalse();
    }

    @Test
    void aReadyAnswerStartsTheCountAgain() {
        for (int i = 0; i < 3 * Upstream.MISSES_TOLERATED; i++) {
            member.probed(i % Upstream.MISSES_TOLERATED == 0 ? Upstream.Probe.READY : Upstream.Probe.NO_ANSWER);
        }
        assertThat(member.healthy()).isTrue();
    }
}
