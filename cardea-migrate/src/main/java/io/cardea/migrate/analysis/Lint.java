package io.cardea.migrate.analysis;

import io.cardea.migrate.analysis.Change.Kind;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Phase;
import io.cardea.migrate.script.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags statements that would stall live traffic or break the release still running. Tables
 * created earlier in the same migration are new and carry no traffic, so they are exempt.
 * Removing things ({@link LintRule#DROP}, {@link LintRule#RENAME}) is what contract migrations are
 * for, so only expand migrations are held to those two rules.
 */
public final class Lint {

    private static final Pattern IS_NOT_NULL = Pattern.compile(
            "^\\(\\s*(?:\"(\\w+)\"|(\\w+))\\s+IS\\s+NOT\\s+NULL\\s*\\)", Pattern.CASE_INSENSITIVE);

    private Lint() {}

    /** Checks migrations in version order; a CHECK validated in an earlier one counts for later ones. */
    public static List<LintFinding> check(List<Migration> migrations) {
        List<LintFinding> findings = new ArrayList<>();
        Map<String, String> notNullChecks = new HashMap<>(); // table.constraint -> table.column
        Set<String> validatedNotNull = new HashSet<>(); // table.column
        for (Migration m : migrations) {
            Set<String> newTables = new HashSet<>();
            for (int i = 0; i < m.steps().size(); i++) {
                Step step = m.steps().get(i);
                for (Change c : StatementAnalyzer.analyze(step.sql()).changes()) {
                    if (c.kind() == Kind.CREATE_TABLE) {
                        newTables.add(c.table());
                        continue;
                    }
                    // Constraint names are unique per table only.
                    String constraint = c.table() + "." + c.target();
                    if (c.kind() == Kind.ADD_CHECK) {
                        Matcher column = IS_NOT_NULL.matcher(c.detail());
                        if (column.find()) {
                            // A quoted column keeps its case; an unquoted one folds to lower case.
                            String key = c.table() + "." + (column.group(1) != null ? column.group(1)
                                    : column.group(2).toLowerCase(Locale.ROOT));
                            notNullChecks.put(constraint, key);
                            if (!c.safe()) {
                                validatedNotNull.add(key);
                            }
                        } else {
                            notNullChecks.remove(constraint);
                        }
                    }
                    if (c.kind() == Kind.VALIDATE_CONSTRAINT && notNullChecks.containsKey(constraint)) {
                        validatedNotNull.add(notNullChecks.get(constraint));
                    }
                    LintRule rule = newTables.contains(c.table()) ? null : rule(m.phase(), c, validatedNotNull);
                    if (rule != null && !step.ignoredLintRules().contains(rule.id())) {
                        findings.add(new LintFinding(m, i + 1, step.line(), rule, oneLine(step.sql())));
                    }
                }
            }
        }
        return findings;
    }

    private static LintRule rule(Phase phase, Change c, Set<String> validatedNotNull) {
        return switch (c.kind()) {
            case CREATE_INDEX -> c.safe() ? null : LintRule.INDEX_NOT_CONCURRENT;
            case ADD_COLUMN -> c.safe() ? null : LintRule.VOLATILE_DEFAULT;
            case SET_NOT_NULL -> validatedNotNull.contains(c.table() + "." + c.target()) ? null
                    : LintRule.NOT_NULL_WITHOUT_CHECK;
            case ADD_CHECK -> c.safe() ? null : LintRule.CHECK_NOT_VALID;
            case COLUMN_TYPE -> LintRule.COLUMN_TYPE_CHANGE;
            case RENAME_COLUMN, RENAME_TABLE -> phase == Phase.EXPAND ? LintRule.RENAME : null;
            case DROP_COLUMN, DROP_TABLE -> phase == Phase.EXPAND ? LintRule.DROP : null;
            case ADD_FOREIGN_KEY -> c.safe() ? null : LintRule.FOREIGN_KEY_VALIDATED;
            case ADD_UNIQUE -> c.safe() ? null : LintRule.UNIQUE_WITHOUT_INDEX;
            default -> null;
        };
    }

    private static String oneLine(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() > 140 ? flat.substring(0, 137) + "..." : flat;
    }
}
