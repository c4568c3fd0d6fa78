package io.cardea.migrate.analysis;

/** A lock a statement takes on one table (or on the table behind a named index). */
public record TableLock(String table, LockMode mode) {

    public String describe() {
        return mode.sqlName() + " on " + table + " — " + mode.blocks();
    }
}
