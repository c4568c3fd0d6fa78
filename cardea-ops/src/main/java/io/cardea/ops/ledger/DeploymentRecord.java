package io.cardea.ops.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of {@code cardea upgrade run} or {@code rollback}, as the ledger keeps it.
 *
 * @param who the operating-system user who ran it
 * @param outcome {@code running}, {@code succeeded}, {@code rolled back}, {@code refused} or {@code failed}
 * @param reason why it did not succeed; empty when it did
 * @param backup the backup taken before it; empty when none was (see the backup step's detail)
 */
public record DeploymentRecord(long id, Instant started, Optional<Instant> finished, String who, String from,
        String to, String strategy, int instances, String outcome, Optional<String> reason, Optional<String> backup,
        List<Step> steps) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String ROLLED_BACK = "rolled back";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    public DeploymentRecord {
        steps = List.copyOf(steps);
    }

    /**
     * One step of a run.
     *
     * @param outcome {@code running}, {@code ok}, {@code failed} or {@code skipped}
     */
    public record Step(int number, String name, Instant started, Optional<Instant> finished, String outcome,
            String detail) {

        public Optional<Duration> took() {
            return finished.map(f -> Duration.between(started, f));
        }
    }
}
