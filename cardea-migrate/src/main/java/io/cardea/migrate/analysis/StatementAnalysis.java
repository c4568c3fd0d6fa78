package io.cardea.migrate.analysis;

import java.util.List;

/**
 * What a statement does to live traffic: the locks it takes and the changes it makes.
 *
 * @param operation short description, e.g. {@code CREATE INDEX CONCURRENTLY}
 * @param locks table locks taken, empty when it touches no existing table
 * @param outsideTransaction PostgreSQL refuses to run it inside a transaction block
 * @param recognised false when Cardea cannot tell its locks: review it by hand
 */
public record StatementAnalysis(String operation, List<TableLock> locks, List<Change> changes,
        boolean outsideTransaction, boolean recognised) {

    public LockMode strongestLock() {
        LockMode strongest = null;
        for (TableLock lock : locks) {
            strongest = lock.mode().max(strongest);
        }
        return strongest;
    }

    /** One line for the dry-run. */
    public String describeLocks() {
        if (!recognised) {
            return "unknown — Cardea does not recognise this statement; review its locks by hand";
        }
        if (locks.isEmpty()) {
            return "none on existing tables";
        }
        return String.join("; ", locks.stream().map(TableLock::describe).toList());
    }
}
