package io.cardea.ops.plan;

/** What {@code cardea upgrade plan} concludes, also as its exit code so that scripts can rely on it. */
public enum Verdict {
    ROLLING(0, "rolling upgrade possible", "the running release keeps serving until the new one has taken over"),
    DOWNTIME(3, "only with downtime", "stop every instance of the running release before migrating"),
    REFUSED(4, "refused", "this upgrade must not be run as asked");

    private final int exitCode;
    private final String label;
    private final String meaning;

    Verdict(int exitCode, String label, String meaning) {
        this.exitCode = exitCode;
        this.label = label;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public int exitCode() {
        return exitCode;
    }

    public String meaning() {
        return meaning;
    }
}
