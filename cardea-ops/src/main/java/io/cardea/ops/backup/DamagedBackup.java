package io.cardea.ops.backup;

/** A backup whose dump does not match its sidecar, or does not restore: it cannot be trusted. */
public final class DamagedBackup extends BackupException {

    public DamagedBackup(String message) {
        super(message);
    }
}
