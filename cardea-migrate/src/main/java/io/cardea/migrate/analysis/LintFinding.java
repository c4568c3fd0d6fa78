package io.cardea.migrate.analysis;

import io.cardea.migrate.script.Migration;

/** A dangerous statement: where it is, what is wrong, and the safe alternative. */
public record LintFinding(Migration migration, int step, int line, LintRule rule, String statement) {

    public String describe() {
        return migration.location() + ":" + line + " [" + rule.id() + "] " + rule.danger() + ".\n    "
                + statement + "\n    Instead: " + rule.fix() + ".";
    }
}
