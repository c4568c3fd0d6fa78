package io.cardea.migrate.analysis;

/** PostgreSQL's table-level lock modes, weakest first, with what each one blocks. */
public enum LockMode {
    ACCESS_SHARE("AccessShareLock", "blocks only ACCESS EXCLUSIVE"),
    ROW_SHARE("RowShareLock", "blocks only EXCLUSIVE and ACCESS EXCLUSIVE"),
    ROW_EXCLUSIVE("RowExclusiveLock", "reads and writes continue; row locks on the rows it changes"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock", "reads and writes continue; other schema changes and VACUUM wait"),
    SHARE("ShareLock", "blocks writes (INSERT, UPDATE, DELETE); reads continue"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock", "blocks writes; reads continue"),
    EXCLUSIVE("ExclusiveLock", "blocks writes and SELECT FOR UPDATE; plain reads continue"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock", "blocks all reads and writes while held");

    private final String pgLocksName;
    private final String blocks;

    LockMode(String pgLocksName, String blocks) {
        this.pgLocksName = pgLocksName;
        this.blocks = blocks;
    }

    /** The name {@code pg_locks.mode} shows for this mode. */
    public String pgLocksName() {
        return pgLocksName;
    }

    /** What live traffic experiences while the lock is held. */
    public String blocks() {
        return blocks;
    }

    /** The name the PostgreSQL documentation uses, e.g. {@code ACCESS EXCLUSIVE}. */
    public String sqlName() {
        return name().replace('_', ' ');
    }

    public static LockMode fromPgLocks(String mode) {
        for (LockMode m : values()) {
            if (m.pgLocksName.equals(mode)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown lock mode " + mode);
    }

    public LockMode max(LockMode other) {
        return other == null || compareTo(other) >= 0 ? this : other;
    }
}
