package io.cardea.ops.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The deployment ledger on a real PostgreSQL: created on demand, one run at a time, read back whole. */
@ExtendWith(PostgresExtension.class)
class DeploymentLedgerTest {

    @Test
    void recordsARunWithItsStepsAndReadsItBack(TestDatabase db) {
        DeploymentLedger ledger = DeploymentLedger.open(db.dataSource());
        long id = ledger.begin("ops", "0.1.0", "0.2.0", "rolling", 3);
        ledger.beginStep(id, 1, "plan");
        ledger.endStep(id, 1, "ok", "verdict: rolling upgrade possible");
        ledger.beginStep(id, 2, "watch");
        ledger.endStep(id, 2, "failed", "error rate 5.0%");
        ledger.finish(id, DeploymentRecord.ROLLED_BACK, "the watch window failed");

        DeploymentRecord record = DeploymentLedger.open(db.dataSource()).recent(5).getFirst();

        assertThat(record.id()).isEqualTo(id);
        assertThat(record.who()).isEqualTo("ops");
        assertThat(record.from()).isEqualTo("0.1.0");
        assertThat(record.strategy()).isEqualTo("rolling");
        assertThat(record.instances()).isEqualTo(3);
        assertThat(record.outcome()).isEqualTo(DeploymentRecord.ROLLED_BACK);
        assertThat(record.reason()).hasValue("the watch window failed");
        assertThat(record.finished()).isPresent();
        assertThat(record.steps()).extracting(DeploymentRecord.Step::name).containsExactly("plan", "watch");
        assertThat(record.steps().get(1).outcome()).isEqualTo("failed");
        assertThat(record.steps().get(1).took()).isPresent();
        assertThat(ledger.lastSucceededTo("0.2.0")).isEmpty();

        long next = ledger.begin("ops", "0.1.0", "0.2.0", "blue-green", 2);
        ledger.recordBackup(next, "/srv/cardea/backups/before-0.2.0.dump");
        ledger.finish(next, DeploymentRecord.SUCCEEDED, null);
        assertThat(ledger.lastSucceededTo("0.2.0")).hasValueSatisfying(r -> {
            assertThat(r.id()).isEqualTo(next);
            assertThat(r.backup()).hasValue("/srv/cardea/backups/before-0.2.0.dump");
            assertThat(r.reason()).isEmpty();
        });
    }

    @Test
    void aSecondRunWhileOneHoldsTheLockIsRefused(TestDatabase db) throws Exception {
        DeploymentLedger ledger = DeploymentLedger.open(db.dataSource());
        try (AutoCloseable first = ledger.exclusive()) {
            assertThatThrownBy(ledger::exclusive).isInstanceOf(LedgerException.class)
                    .hasMessageContaining("another `cardea upgrade run` or `rollback` is in progress");
        }
        ledger.exclusive().close();
    }
}
