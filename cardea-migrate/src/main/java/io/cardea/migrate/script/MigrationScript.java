package io.cardea.migrate.script;

import io.cardea.migrate.MigrationException;
import io.cardea.migrate.analysis.Change;
import io.cardea.migrate.analysis.StatementAnalyzer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one migration file: its header directives, then its statements.
 *
 * <pre>
 * -- cardea:phase contract            (default: expand)
 * -- cardea:transaction none          (default: the whole migration is one transaction)
 * -- cardea:completes V3              (contract only: the expand migration whose change it finishes)
 *
 * -- cardea:backfill table=identities key=id batch=5000 pause=20ms
 * UPDATE identities SET email_lower = lower(email) WHERE id BETWEEN :from AND :to AND email_lower IS NULL;
 *
 * -- cardea:lint-ignore index-not-concurrent the table is empty in every deployment
 * CREATE INDEX ...;
 * </pre>
 */
public final class MigrationScript {

    private static final Pattern DIRECTIVE = Pattern.compile("--\\s*cardea:([a-z-]+)\\s*(.*)");
    /** A comment meant as a directive: one that does not match {@link #DIRECTIVE} is a typo, not a remark. */
    private static final Pattern DIRECTIVE_LIKE = Pattern.compile("--\\s*cardea\\s*:.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPLETES = Pattern.compile("V(\\d{1,18})");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s)");
    /** The batch bounds as the backfill runner binds them: not part of a {@code ::} cast, a whole word. */
    private static final Pattern FROM = Pattern.compile("(?<!:):from\\b");
    private static final Pattern TO = Pattern.compile("(?<!:):to\\b");
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(10);

    private MigrationScript() {}

    public static Migration parse(long version, String name, String location, String content) {
        String text = content.replace("\r\n", "\n");
        List<SqlToken> tokens = SqlLexer.tokenize(text);
        Phase phase = Phase.EXPAND;
        boolean transactional = true;
        OptionalLong completes = OptionalLong.empty();
        int completesLine = 0;
        List<Step> steps = new ArrayList<>();
        Map<String, String> backfill = null;
        Set<String> ignored = new LinkedHashSet<>();
        int statementStart = -1;
        int statementLine = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            SqlToken t = i < tokens.size() ? tokens.get(i) : null;
            boolean ends = t == null || t.isSymbol(";");
            if (ends) {
                if (statementStart >= 0) {
                    String sql = text.substring(statementStart, t == null ? text.length() : t.start()).strip();
                    steps.add(step(location, sql, statementLine, backfill, Set.copyOf(ignored)));
                    backfill = null;
                    ignored.clear();
                    statementStart = -1;
                }
                continue;
            }
            if (statementStart >= 0) {
                continue;
            }
            Matcher directive = t.kind() == SqlToken.Kind.LINE_COMMENT ? DIRECTIVE.matcher(t.text().strip()) : null;
            if (directive != null && !directive.matches() && DIRECTIVE_LIKE.matcher(t.text().strip()).matches()) {
                throw new MigrationException(location + " line " + t.line() + ": '" + t.text().strip()
                        + "' is not a directive Cardea understands: write it as '-- cardea:NAME VALUE' in lower case, "
                        + "e.g. '-- cardea:phase contract'");
            }
            if (directive != null && directive.matches()) {
                String key = directive.group(1);
                String value = directive.group(2).strip();
                String where = location + " line " + t.line();
                switch (key) {
                    case "phase" -> {
                        requireHeader(steps, where, key);
                        phase = parsePhase(value, where);
                    }
                    case "transaction" -> {
                        requireHeader(steps, where, key);
                        if (!value.equals("none")) {
                            throw new MigrationException(where + ": '-- cardea:transaction " + value
                                    + "' is not understood: the only value is 'none' (run each step on its own)");
                        }
                        transactional = false;
                    }
                    case "completes" -> {
                        requireHeader(steps, where, key);
                        Matcher v = COMPLETES.matcher(value);
                        if (!v.matches()) {
                            throw new MigrationException(where + ": '-- cardea:completes " + value + "' names the "
                                    + "expand migration this contract finishes by its version, e.g. "
                                    + "'-- cardea:completes V3'");
                        }
                        completes = OptionalLong.of(Long.parseLong(v.group(1)));
                        completesLine = t.line();
                    }
                    case "backfill" -> backfill = keyValues(value, where);
                    case "lint-ignore" -> {
                        if (value.isEmpty()) {
                            throw new MigrationException(where + ": lint-ignore names the rule to silence, e.g. "
                                    + "'-- cardea:lint-ignore index-not-concurrent <why>'");
                        }
                        ignored.add(value.split("\\s+")[0]);
                    }
                    default -> throw new MigrationException(where + ": unknown directive 'cardea:" + key
                            + "'; known: phase, transaction, completes, backfill, lint-ignore");
                }
            } else if (!t.isComment()) {
                statementStart = t.start();
                statementLine = t.line();
            }
        }
        if (backfill != null || !ignored.isEmpty()) {
            throw new MigrationException(location + ": the last '-- cardea:" + (backfill != null ? "backfill" : "lint-ignore")
                    + "' directive has no statement after it; put it right above the statement it is for");
        }
        if (completes.isPresent() && (phase != Phase.CONTRACT || completes.getAsLong() >= version)) {
            throw new MigrationException(location + " line " + completesLine + ": only a contract migration "
                    + "completes an expand migration, and only one with a lower version: declare "
                    + "'-- cardea:phase contract' and name an earlier migration");
        }
        Migration migration = new Migration(version, name, phase, transactional, checksum(text), location,
                List.copyOf(steps), completes);
        requireRunnable(migration);
        return migration;
    }

    private static Step step(String location, String sql, int line, Map<String, String> backfill,
            Set<String> ignored) {
        if (backfill == null) {
            return new Step.Statement(sql, line, ignored);
        }
        String where = location + " line " + line;
        String table = backfill.get("table");
        if (table == null) {
            throw new MigrationException(where + ": a backfill names its table: '-- cardea:backfill table=NAME'");
        }
        if (!FROM.matcher(sql).find() || !TO.matcher(sql).find()) {
            throw new MigrationException(where + ": a backfill statement limits itself to one batch with "
                    + "':from' and ':to', e.g. 'WHERE id BETWEEN :from AND :to'");
        }
        int batch = backfill.containsKey("batch") ? positive(backfill.get("batch"), where) : DEFAULT_BATCH_SIZE;
        Duration pause = backfill.containsKey("pause") ? duration(backfill.get("pause"), where) : DEFAULT_PAUSE;
        return new Step.Backfill(sql, line, ignored, table, backfill.getOrDefault("key", "id"), batch, pause);
    }

    /** Steps PostgreSQL will not run in a transaction block need a migration that runs step by step. */
    private static void requireRunnable(Migration migration) {
        if (!migration.transactional()) {
            for (Step step : migration.steps()) {
                boolean unnamedIndex = StatementAnalyzer.analyze(step.sql()).changes().stream()
                        .anyMatch(c -> c.kind() == Change.Kind.CREATE_INDEX && c.safe() && c.target() == null);
                if (unnamedIndex) {
                    throw new MigrationException(migration.location() + " line " + step.line() + ": name the index "
                            + "built CONCURRENTLY, so that a re-run can find one left half-built and rebuild it");
                }
            }
            return;
        }
        for (Step step : migration.steps()) {
            boolean outside = step instanceof Step.Backfill || StatementAnalyzer.analyze(step.sql()).outsideTransaction();
            if (outside) {
                throw new MigrationException(migration.location() + " line " + step.line() + ": "
                        + (step instanceof Step.Backfill ? "a backfill commits each batch on its own"
                                : "this statement cannot run inside a transaction")
                        + ", but the migration runs as one transaction. Add '-- cardea:transaction none' "
                        + "at the top of the file.");
            }
        }
    }

    private static void requireHeader(List<Step> steps, String where, String key) {
        if (!steps.isEmpty()) {
            throw new MigrationException(where + ": '-- cardea:" + key + "' belongs at the top of the file, "
                    + "before the first statement");
        }
    }

    private static Phase parsePhase(String value, String where) {
        try {
            return Phase.parse(value);
        } catch (IllegalArgumentException e) {
            throw new MigrationException(where + ": " + e.getMessage());
        }
    }

    private static Map<String, String> keyValues(String text, String where) {
        Map<String, String> values = new HashMap<>();
        for (String pair : text.split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new MigrationException(where + ": expected key=value in '" + text + "'");
            }
            String key = pair.substring(0, eq);
            if (!Set.of("table", "key", "batch", "pause").contains(key)) {
                throw new MigrationException(where + ": unknown backfill setting '" + key
                        + "'; known: table, key, batch, pause");
            }
            values.put(key, pair.substring(eq + 1));
        }
        return values;
    }

    private static int positive(String value, String where) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignoredException) {
            // reported below
        }
        throw new MigrationException(where + ": batch must be a positive whole number, not '" + value + "'");
    }

    public static Duration duration(String value, String where) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new MigrationException(where + ": '" + value + "' is not a duration such as 20ms or 2s");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    }

    static String checksum(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
