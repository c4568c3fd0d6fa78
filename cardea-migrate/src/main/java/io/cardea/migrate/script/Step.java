package io.cardea.migrate.script;

import java.time.Duration;
import java.util.Set;

/** One unit of work in a migration: a SQL statement, or a batched backfill. */
public sealed interface Step {

    /** The SQL as written in the file. */
    String sql();

    /** Line of the file where the step starts, for error messages. */
    int line();

    /** Lint rules the author silenced for this step, with {@code -- cardea:lint-ignore RULE}. */
    Set<String> ignoredLintRules();

    record Statement(String sql, int line, Set<String> ignoredLintRules) implements Step {}

    /**
     * Runs {@code sql} once per batch of primary keys, each batch its own transaction with its
     * progress, so a killed run resumes after the last finished batch. The statement names the
     * batch's bounds (inclusive) as {@code :from} and {@code :to}.
     */
    record Backfill(String sql, int line, Set<String> ignoredLintRules, String table, String key,
            int batchSize, Duration pause) implements Step {}
}
