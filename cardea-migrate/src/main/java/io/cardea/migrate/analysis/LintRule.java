package io.cardea.migrate.analysis;

/** A statement that hurts live traffic or the release still running, and the safe way to do the same. */
public enum LintRule {
    INDEX_NOT_CONCURRENT("index-not-concurrent",
            "CREATE INDEX without CONCURRENTLY blocks every write to the table until the index is built",
            "use CREATE INDEX CONCURRENTLY, in a migration marked '-- cardea:transaction none'"),
    VOLATILE_DEFAULT("volatile-default",
            "ADD COLUMN with a volatile default (or a serial, identity or stored generated column) rewrites "
                    + "the whole table under an ACCESS EXCLUSIVE lock",
            "add the column without a default (or with a constant one), then fill it with a "
                    + "'-- cardea:backfill' step and set the default afterwards"),
    NOT_NULL_WITHOUT_CHECK("not-null-without-check",
            "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
            "first ADD CONSTRAINT ... CHECK (column IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT; "
                    + "SET NOT NULL then uses the validated check and skips the scan"),
    CHECK_NOT_VALID("check-without-not-valid",
            "ADD CHECK validates every row under an ACCESS EXCLUSIVE lock",
            "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later statement"),
    COLUMN_TYPE_CHANGE("column-type-change",
            "changing a column's type rewrites the table under an ACCESS EXCLUSIVE lock, and the running "
                    + "release may not understand the new type",
            "add a new column of the new type, backfill it, switch the code over, and drop the old column in a "
                    + "contract migration"),
    RENAME("rename",
            "renaming a column or table breaks the release still running, which uses the old name",
            "add the new column (or a view with the new name), backfill it, and drop the old one in a contract "
                    + "migration"),
    DROP("drop",
            "dropping a column or table in an expand migration breaks the release still running",
            "stop using it in this release and drop it in a contract migration ('-- cardea:phase contract')"),
    FOREIGN_KEY_VALIDATED("foreign-key-not-valid",
            "ADD FOREIGN KEY checks every row while blocking writes to both tables",
            "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later statement"),
    UNIQUE_WITHOUT_INDEX("unique-without-index",
            "ADD UNIQUE or PRIMARY KEY builds its index under an ACCESS EXCLUSIVE lock",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX");

    private final String id;
    private final String danger;
    private final String fix;

    LintRule(String id, String danger, String fix) {
        this.id = id;
        this.danger = danger;
        this.fix = fix;
    }

    /** The name used in messages and in {@code -- cardea:lint-ignore}. */
    public String id() {
        return id;
    }

    public String danger() {
        return danger;
    }

    public String fix() {
        return fix;
    }
}
