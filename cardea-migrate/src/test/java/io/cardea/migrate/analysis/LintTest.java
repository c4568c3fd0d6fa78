package io.cardea.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.MigrationScript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LintTest {

    private static final String CONTRACT = "-- cardea:phase contract\n";
    private static final String STEP_BY_STEP = "-- cardea:transaction none\n";

    /** Lints migrations V1, V2, ... with the given contents, in that order. */
    private static List<LintFinding> lint(String... contents) {
        List<Migration> migrations = new ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            int version = i + 1;
            migrations.add(MigrationScript.parse(version, "step" + version, "db/migration/V" + version + "__step"
                    + version + ".sql", contents[i]));
        }
        return Lint.check(migrations);
    }

    private static List<LintRule> rules(String... contents) {
        return lint(contents).stream().map(LintFinding::rule).toList();
    }

    // index-not-concurrent

    @Test
    void createIndexWithoutConcurrentlyIsFlagged() {
        assertThat(rules("CREATE INDEX identities_email_idx ON identities (email);"))
                .containsExactly(LintRule.INDEX_NOT_CONCURRENT);
        assertThat(rules("CREATE UNIQUE INDEX identities_email_idx ON identities (email);"))
                .containsExactly(LintRule.INDEX_NOT_CONCURRENT);
    }

    @Test
    void createIndexConcurrentlyIsNotFlagged() {
        assertThat(rules(STEP_BY_STEP + "CREATE INDEX CONCURRENTLY identities_email_idx ON identities (email);"))
                .isEmpty();
    }

    // volatile-default

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ALTER TABLE identities ADD COLUMN nonce float8 DEFAULT random()",
        "ALTER TABLE identities ADD COLUMN external_id uuid NOT NULL DEFAULT gen_random_uuid()",
        "ALTER TABLE identities ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp()",
        "ALTER TABLE identities ADD COLUMN seq serial",
        "ALTER TABLE identities ADD COLUMN IF NOT EXISTS seq bigserial",
        "ALTER TABLE identities ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED",
    })
    void addColumnThatRewritesTheTableIsFlagged(String sql) {
        assertThat(rules(sql + ";")).containsExactly(LintRule.VOLATILE_DEFAULT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ALTER TABLE identities ADD COLUMN locale text",
        "ALTER TABLE identities ADD COLUMN status text NOT NULL DEFAULT 'active'",
        "ALTER TABLE identities ADD COLUMN attempts int NOT NULL DEFAULT 0",
        "ALTER TABLE identities ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()",
        "ALTER TABLE identities ADD COLUMN updated_at timestamptz DEFAULT current_timestamp",
    })
    void addColumnWithoutDefaultOrWithAConstantOrStableDefaultIsNotFlagged(String sql) {
        assertThat(rules(sql + ";")).isEmpty();
    }

    // not-null-without-check

    @Test
    void setNotNullWithoutAValidatedCheckIsFlagged() {
        assertThat(rules("ALTER TABLE identities ALTER COLUMN email SET NOT NULL;"))
                .containsExactly(LintRule.NOT_NULL_WITHOUT_CHECK);
    }

    @Test
    void setNotNullAfterAValidatedNotNullCheckIsNotFlagged() {
        assertThat(rules("""
                ALTER TABLE identities ADD CONSTRAINT identities_email_nn CHECK (email IS NOT NULL) NOT VALID;
                ALTER TABLE identities VALIDATE CONSTRAINT identities_email_nn;
                ALTER TABLE identities ALTER COLUMN email SET NOT NULL;
                """)).isEmpty();
    }

    @Test
    void checkValidatedInAnEarlierMigrationCountsForALaterSetNotNull() {
        assertThat(rules("""
                ALTER TABLE identities ADD CONSTRAINT identities_email_nn CHECK (email IS NOT NULL) NOT VALID;
                """, """
                ALTER TABLE identities VALIDATE CONSTRAINT identities_email_nn;
                """, """
                ALTER TABLE identities ALTER COLUMN email SET NOT NULL;
                ALTER TABLE identities DROP CONSTRAINT identities_email_nn;
                """)).isEmpty();
    }

    @Test
    void setNotNullIsFlaggedWhileTheCheckIsNotYetValidated() {
        assertThat(rules("""
                ALTER TABLE identities ADD CONSTRAINT identities_email_nn CHECK (email IS NOT NULL) NOT VALID;
                ALTER TABLE identities ALTER COLUMN email SET NOT NULL;
                ALTER TABLE identities VALIDATE CONSTRAINT identities_email_nn;
                """)).containsExactly(LintRule.NOT_NULL_WITHOUT_CHECK);
    }

    @Test
    void validatedCheckOnAnotherColumnOrTableDoesNotCount() {
        String validated = """
                ALTER TABLE identities ADD CONSTRAINT identities_email_nn CHECK (email IS NOT NULL) NOT VALID;
                ALTER TABLE identities VALIDATE CONSTRAINT identities_email_nn;
                """;

        assertThat(rules(validated, "ALTER TABLE identities ALTER COLUMN phone SET NOT NULL;"))
                .containsExactly(LintRule.NOT_NULL_WITHOUT_CHECK);
        assertThat(rules(validated, "ALTER TABLE sessions ALTER COLUMN email SET NOT NULL;"))
                .containsExactly(LintRule.NOT_NULL_WITHOUT_CHECK);
    }

    @Test
    void validatedCheckOfAnotherKindDoesNotCount() {
        assertThat(rules("""
                ALTER TABLE identities ADD CONSTRAINT identities_email_short CHECK (length(email) < 320) NOT VALID;
                ALTER TABLE identities VALIDATE CONSTRAINT identities_email_short;
                ALTER TABLE identities ALTER COLUMN email SET NOT NULL;
                """)).containsExactly(LintRule.NOT_NULL_WITHOUT_CHECK);
    }

    // check-without-not-valid

    @Test
    void addCheckWithoutNotValidIsFlagged() {
        assertThat(rules("ALTER TABLE identities ADD CONSTRAINT identities_age CHECK (age >= 13);"))
                .containsExactly(LintRule.CHECK_NOT_VALID);
        assertThat(rules("ALTER TABLE identities ADD CHECK (age >= 13);")).containsExactly(LintRule.CHECK_NOT_VALID);
    }

    @Test
    void addCheckNotValidThenValidateIsNotFlagged() {
        assertThat(rules("""
                ALTER TABLE identities ADD CONSTRAINT identities_age CHECK (age >= 13) NOT VALID;
                ALTER TABLE identities VALIDATE CONSTRAINT identities_age;
                """)).isEmpty();
    }

    // column-type-change

    @Test
    void changingAColumnTypeIsFlaggedInEitherPhase() {
        assertThat(rules("ALTER TABLE identities ALTER COLUMN login_count TYPE bigint;"))
                .containsExactly(LintRule.COLUMN_TYPE_CHANGE);
        assertThat(rules(CONTRACT + "ALTER TABLE identities ALTER login_count SET DATA TYPE bigint;"))
                .containsExactly(LintRule.COLUMN_TYPE_CHANGE);
    }

    @Test
    void addingAColumnOfTheNewTypeAndBackfillingItIsNotFlagged() {
        assertThat(rules(STEP_BY_STEP + """
                ALTER TABLE identities ADD COLUMN login_count_big bigint;
                -- cardea:backfill table=identities key=id
                UPDATE identities SET login_count_big = login_count WHERE id BETWEEN :from AND :to;
                """)).isEmpty();
    }

    // rename

    @Test
    void renamingAColumnOrTableIsFlaggedInExpand() {
        assertThat(rules("ALTER TABLE identities RENAME COLUMN mail TO email;")).containsExactly(LintRule.RENAME);
        assertThat(rules("ALTER TABLE identities RENAME mail TO email;")).containsExactly(LintRule.RENAME);
        assertThat(rules("ALTER TABLE identities RENAME TO users;")).containsExactly(LintRule.RENAME);
    }

    @Test
    void renamingIsNotFlaggedInContract() {
        assertThat(rules(CONTRACT + "ALTER TABLE identities RENAME COLUMN mail TO email;")).isEmpty();
        assertThat(rules(CONTRACT + "ALTER TABLE identities RENAME TO users;")).isEmpty();
    }

    @Test
    void addingTheNewNameAsAColumnOrViewIsNotFlagged() {
        assertThat(rules("""
                ALTER TABLE identities ADD COLUMN email text;
                CREATE VIEW users AS SELECT * FROM identities;
                """)).isEmpty();
    }

    // drop

    @Test
    void droppingAColumnOrTableIsFlaggedInExpand() {
        assertThat(rules("ALTER TABLE identities DROP COLUMN legacy_password;")).containsExactly(LintRule.DROP);
        assertThat(rules("ALTER TABLE identities DROP IF EXISTS legacy_password;")).containsExactly(LintRule.DROP);
        assertThat(rules("DROP TABLE legacy_sessions;")).containsExactly(LintRule.DROP);
        assertThat(rules("DROP TABLE IF EXISTS legacy_sessions, legacy_tokens;"))
                .containsExactly(LintRule.DROP, LintRule.DROP);
    }

    @Test
    void droppingIsNotFlaggedInContract() {
        assertThat(rules(CONTRACT + """
                ALTER TABLE identities DROP COLUMN legacy_password;
                DROP TABLE legacy_sessions;
                """)).isEmpty();
    }

    // foreign-key-not-valid

    @Test
    void addForeignKeyWithoutNotValidIsFlagged() {
        assertThat(rules("ALTER TABLE sessions ADD CONSTRAINT sessions_identity_fk FOREIGN KEY (identity_id) "
                + "REFERENCES identities (id);")).containsExactly(LintRule.FOREIGN_KEY_VALIDATED);
        assertThat(rules("ALTER TABLE sessions ADD FOREIGN KEY (identity_id) REFERENCES identities;"))
                .containsExactly(LintRule.FOREIGN_KEY_VALIDATED);
    }

    @Test
    void addForeignKeyNotValidThenValidateIsNotFlagged() {
        assertThat(rules("""
                ALTER TABLE sessions ADD CONSTRAINT sessions_identity_fk FOREIGN KEY (identity_id)
                    REFERENCES identities (id) NOT VALID;
                ALTER TABLE sessions VALIDATE CONSTRAINT sessions_identity_fk;
                """)).isEmpty();
    }

    // unique-without-index

    @Test
    void addUniqueOrPrimaryKeyWithoutAnIndexIsFlagged() {
        assertThat(rules("ALTER TABLE identities ADD CONSTRAINT identities_email_key UNIQUE (email);"))
                .containsExactly(LintRule.UNIQUE_WITHOUT_INDEX);
        assertThat(rules("ALTER TABLE identities ADD PRIMARY KEY (id);"))
                .containsExactly(LintRule.UNIQUE_WITHOUT_INDEX);
        assertThat(rules("ALTER TABLE identities ADD COLUMN handle text UNIQUE;"))
                .containsExactly(LintRule.UNIQUE_WITHOUT_INDEX);
    }

    @Test
    void addUniqueOrPrimaryKeyUsingAConcurrentlyBuiltIndexIsNotFlagged() {
        assertThat(rules(STEP_BY_STEP + """
                CREATE UNIQUE INDEX CONCURRENTLY identities_email_idx ON identities (email);
                ALTER TABLE identities ADD CONSTRAINT identities_email_key UNIQUE USING INDEX identities_email_idx;
                CREATE UNIQUE INDEX CONCURRENTLY identities_id_idx ON identities (id);
                ALTER TABLE identities ADD CONSTRAINT identities_pkey PRIMARY KEY USING INDEX identities_id_idx;
                """)).isEmpty();
    }

    // what every rule shares

    @Test
    void tablesCreatedEarlierInTheSameMigrationAreExempt() {
        assertThat(lint("""
                CREATE TABLE devices (id bigint, identity_id bigint, name text, kind text);
                CREATE INDEX devices_identity_idx ON devices (identity_id);
                ALTER TABLE devices ADD COLUMN seq bigserial;
                ALTER TABLE devices ALTER COLUMN name SET NOT NULL;
                ALTER TABLE devices ADD CONSTRAINT devices_kind CHECK (kind IN ('phone', 'key'));
                ALTER TABLE devices ALTER COLUMN kind TYPE varchar(10);
                ALTER TABLE devices RENAME COLUMN name TO label;
                ALTER TABLE devices ADD PRIMARY KEY (id);
                ALTER TABLE devices ADD FOREIGN KEY (identity_id) REFERENCES identities (id);
                ALTER TABLE devices DROP COLUMN seq;
                """)).isEmpty();
    }

    @Test
    void tableCreatedInAnEarlierMigrationIsNoLongerExempt() {
        assertThat(rules("CREATE TABLE devices (id bigint, name text);",
                "CREATE INDEX devices_name_idx ON devices (name);")).containsExactly(LintRule.INDEX_NOT_CONCURRENT);
    }

    @Test
    void statementBeforeTheCreateTableIsNotExempt() {
        assertThat(rules("""
                DROP TABLE devices;
                CREATE TABLE devices (id bigint);
                """)).containsExactly(LintRule.DROP);
    }

    @Test
    void lintIgnoreSilencesExactlyThatRuleForExactlyThatStatement() {
        List<LintFinding> findings = lint("""
                -- cardea:lint-ignore volatile-default the table holds a handful of rows
                ALTER TABLE identities ADD COLUMN seq serial, ALTER COLUMN login_count TYPE bigint;
                ALTER TABLE sessions ADD COLUMN seq serial;
                """);

        assertThat(findings).extracting(LintFinding::rule, LintFinding::line).containsExactly(
                tuple(LintRule.COLUMN_TYPE_CHANGE, 2),
                tuple(LintRule.VOLATILE_DEFAULT, 3));
    }

    @Test
    void lintIgnoreOfAnotherRuleSilencesNothing() {
        assertThat(rules("""
                -- cardea:lint-ignore drop not what this statement does
                CREATE INDEX identities_email_idx ON identities (email);
                """)).containsExactly(LintRule.INDEX_NOT_CONCURRENT);
    }

    @Test
    void findingsNameTheirMigrationStepAndLine() {
        List<LintFinding> findings = lint("CREATE TABLE a (id int);", """
                -- widen the counter

                ALTER TABLE identities
                    ALTER COLUMN login_count TYPE bigint;
                """);

        LintFinding finding = findings.getFirst();
        assertThat(finding.migration().version()).isEqualTo(2);
        assertThat(finding.step()).isEqualTo(1);
        assertThat(finding.line()).isEqualTo(3);
        assertThat(finding.statement()).isEqualTo("ALTER TABLE identities ALTER COLUMN login_count TYPE bigint");
    }

    /** A statement each rule flags: a new rule makes this switch, and so the tests using it, incomplete. */
    private static String dangerous(LintRule rule) {
        return switch (rule) {
            case INDEX_NOT_CONCURRENT -> "CREATE INDEX i ON identities (email)";
            case VOLATILE_DEFAULT -> "ALTER TABLE identities ADD COLUMN n serial";
            case NOT_NULL_WITHOUT_CHECK -> "ALTER TABLE identities ALTER COLUMN email SET NOT NULL";
            case CHECK_NOT_VALID -> "ALTER TABLE identities ADD CHECK (age > 0)";
            case COLUMN_TYPE_CHANGE -> "ALTER TABLE identities ALTER COLUMN age TYPE bigint";
            case RENAME -> "ALTER TABLE identities RENAME COLUMN age TO years";
            case DROP -> "ALTER TABLE identities DROP COLUMN age";
            case FOREIGN_KEY_VALIDATED -> "ALTER TABLE sessions ADD FOREIGN KEY (identity_id) REFERENCES identities";
            case UNIQUE_WITHOUT_INDEX -> "ALTER TABLE identities ADD UNIQUE (email)";
        };
    }

    @ParameterizedTest
    @EnumSource(LintRule.class)
    void everyRuleDescribesFileLineRuleAndTheSafeAlternative(LintRule rule) {
        String dangerous = dangerous(rule);

        List<LintFinding> findings = lint("-- review\n\n" + dangerous + ";");

        assertThat(findings).extracting(LintFinding::rule).containsExactly(rule);
        String text = findings.getFirst().describe();
        assertThat(text)
                .startsWith("db/migration/V1__step1.sql:3 ")
                .contains("[" + rule.id() + "]")
                .contains(dangerous)
                .contains("Instead: " + rule.fix());
    }

    @Test
    void safeAlternativesNameTheSafeStatement() {
        assertThat(LintRule.INDEX_NOT_CONCURRENT.fix()).contains("CREATE INDEX CONCURRENTLY");
        assertThat(LintRule.NOT_NULL_WITHOUT_CHECK.fix()).contains("NOT VALID").contains("VALIDATE CONSTRAINT");
        assertThat(LintRule.CHECK_NOT_VALID.fix()).contains("NOT VALID").contains("VALIDATE CONSTRAINT");
        assertThat(LintRule.FOREIGN_KEY_VALIDATED.fix()).contains("NOT VALID").contains("VALIDATE CONSTRAINT");
        assertThat(LintRule.UNIQUE_WITHOUT_INDEX.fix()).contains("USING INDEX");
        assertThat(LintRule.DROP.fix()).contains("cardea:phase contract");
        assertThat(LintRule.VOLATILE_DEFAULT.fix()).contains("cardea:backfill");
    }

    @ParameterizedTest
    @EnumSource(LintRule.class)
    void everyRuleIsSilencedByLintIgnoreWithItsId(LintRule rule) {
        String ignored = "-- cardea:lint-ignore " + rule.id() + " reviewed by hand\n" + dangerous(rule) + ";\n";

        assertThat(rules(ignored)).isEmpty();
        assertThat(rules(ignored + dangerous(rule) + ";")).containsExactly(rule);
    }
}
