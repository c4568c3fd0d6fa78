package io.cardea.migrate;

import io.cardea.migrate.script.Phase;
import java.util.List;

/** Every migration the release ships or the database records, by version. */
public record StatusReport(List<MigrationStatus> migrations) {

    public List<MigrationStatus> toRun(Phase phase) {
        return migrations.stream().filter(m -> m.phase() == phase && m.state().needsRun()).toList();
    }

    public boolean hasWorkToDo() {
        return migrations.stream().anyMatch(m -> m.state().needsRun());
    }

    public List<MigrationStatus> inState(MigrationState state) {
        return migrations.stream().filter(m -> m.state() == state).toList();
    }
}
