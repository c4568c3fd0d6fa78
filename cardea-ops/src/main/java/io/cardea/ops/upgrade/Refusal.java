package io.cardea.ops.upgrade;

/** The run was refused before it changed anything, with the exit code that says why. */
final class Refusal extends Exception {

    private final int exitCode;

    Refusal(int exitCode, String reason) {
        super(reason);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
