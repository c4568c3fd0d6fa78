package io.cardea.migrate.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.migrate.MigrationException;
import java.time.Duration;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class MigrationScriptTest {

    private static final String FILE = "db/migration/V3__example.sql";

    private static Migration parse(String content) {
        return MigrationScript.parse(3, "example", FILE, content);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(String content, int line) {
        return assertThatThrownBy(() -> parse(content))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith(FILE + " line " + line + ":");
    }

    @Test
    void splitsStatementsAtTopLevelSemicolonsOnly() {
        Migration m = parse("""
                INSERT INTO settings VALUES ('greeting', 'hello; world');
                INSERT INTO settings VALUES (E'path', E'C:\\\\dir\\'s; name');
                CREATE TABLE "semi;colon" (id int);
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
                CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN 1; END $fn$;
                -- a comment; with a semicolon
                /* block /* nested; */ still; */
                SELECT 1
                """);

        assertThat(m.steps()).extracting(Step::sql).containsExactly(
                "INSERT INTO settings VALUES ('greeting', 'hello; world')",
                "INSERT INTO settings VALUES (E'path', E'C:\\\\dir\\'s; name')",
                "CREATE TABLE \"semi;colon\" (id int)",
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$",
                "CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $fn$ BEGIN RETURN 1; END $fn$",
                "SELECT 1");
    }

    @Test
    void emptyStatementsAndCommentOnlyFilesMakeNoSteps() {
        assertThat(parse(";;\n-- nothing here\n/* nor here */\n").steps()).isEmpty();
    }

    @Test
    void stepLineIsTheLineOfItsFirstTokenAfterComments() {
        Migration m = parse("""
                -- header comment

                CREATE TABLE a (id int);
                /* explains
                   the next one */
                CREATE TABLE b (
                    id int
                ); CREATE TABLE c (id int);
                INSERT INTO a VALUES (1)
                ;
                """);

        assertThat(m.steps()).extracting(Step::line).containsExactly(3, 6, 8, 9);
    }

    @Test
    void withoutDirectivesAMigrationIsTransactionalExpand() {
        Migration m = parse("CREATE TABLE a (id int);");

        assertThat(m.phase()).isEqualTo(Phase.EXPAND);
        assertThat(m.transactional()).isTrue();
        assertThat(m.version()).isEqualTo(3);
        assertThat(m.name()).isEqualTo("example");
        assertThat(m.location()).isEqualTo(FILE);
    }

    @Test
    void headerDirectivesSetPhaseAndTransactionMode() {
        Migration m = parse("""
                -- cardea:phase contract
                --cardea:transaction none
                ALTER TABLE a DROP COLUMN legacy;
                """);

        assertThat(m.phase()).isEqualTo(Phase.CONTRACT);
        assertThat(m.transactional()).isFalse();
        assertThat(m.steps()).hasSize(1);
    }

    @Test
    void aContractMigrationNamesTheExpandMigrationItCompletes() {
        Migration m = parse("-- cardea:phase contract\n-- cardea:completes V2\nALTER TABLE a DROP COLUMN legacy;");

        assertThat(m.completes()).hasValue(2);
        assertThat(parse("SELECT 1;").completes()).isEmpty();
    }

    @Test
    void completesIsRefusedOnAnExpandMigrationOrForALaterVersion() {
        refused("-- cardea:completes V2\nSELECT 1;", 1).hasMessageContaining("only a contract migration");
        refused("-- cardea:phase contract\n-- cardea:completes V3\nSELECT 1;", 2)
                .hasMessageContaining("an earlier migration");
        refused("-- cardea:phase contract\n-- cardea:completes 2\nSELECT 1;", 2)
                .hasMessageContaining("'-- cardea:completes V3'");
    }

    @Test
    void phaseValueIsCaseInsensitive() {
        assertThat(parse("-- cardea:phase Expand\nSELECT 1;").phase()).isEqualTo(Phase.EXPAND);
    }

    @Test
    void directiveInsideAStatementIsPartOfTheStatement() {
        Migration m = parse("""
                SELECT 1,
                -- cardea:nonsense
                2;
                """);

        assertThat(m.steps()).singleElement().extracting(Step::sql).asString().contains("cardea:nonsense");
    }

    @Test
    void backfillDirectiveMakesTheNextStatementABackfill() {
        Migration m = parse("""
                -- cardea:transaction none
                ALTER TABLE identities ADD COLUMN email_lower text;
                -- cardea:backfill table=identities key=identity_id batch=5000 pause=2s
                UPDATE identities SET email_lower = lower(email)
                 WHERE identity_id BETWEEN :from AND :to;
                UPDATE identities SET touched = true WHERE false;
                """);

        assertThat(m.steps().get(0)).isInstanceOf(Step.Statement.class);
        assertThat(m.steps().get(1)).isEqualTo(new Step.Backfill("UPDATE identities SET email_lower = lower(email)\n"
                + " WHERE identity_id BETWEEN :from AND :to", 4, Set.of(), "identities", "identity_id", 5000,
                Duration.ofSeconds(2)));
        assertThat(m.steps().get(2)).as("the directive covers one statement only").isInstanceOf(Step.Statement.class);
    }

    @Test
    void backfillDefaultsToKeyIdAndTheDefaultBatchAndPause() {
        Migration m = parse("""
                -- cardea:transaction none
                -- cardea:backfill table=identities pause=250ms
                UPDATE identities SET x = 1 WHERE id BETWEEN :from AND :to;
                """);

        Step.Backfill backfill = (Step.Backfill) m.steps().getFirst();
        assertThat(backfill.key()).isEqualTo("id");
        assertThat(backfill.batchSize()).isEqualTo(MigrationScript.DEFAULT_BATCH_SIZE);
        assertThat(backfill.pause()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void lintIgnoreSilencesRulesForTheNextStatementOnly() {
        Migration m = parse("""
                -- cardea:lint-ignore index-not-concurrent the table is empty everywhere
                -- cardea:lint-ignore drop replaced by a view in V2
                CREATE INDEX a_idx ON a (id);
                CREATE INDEX b_idx ON b (id);
                """);

        assertThat(m.steps().get(0).ignoredLintRules()).containsExactlyInAnyOrder("index-not-concurrent", "drop");
        assertThat(m.steps().get(1).ignoredLintRules()).isEmpty();
    }

    @Test
    void lintIgnoreWithoutARuleIsRefused() {
        refused("SELECT 1;\n-- cardea:lint-ignore\nSELECT 2;", 2).hasMessageContaining("names the rule to silence");
    }

    @Test
    void unknownDirectiveIsRefusedWithTheKnownOnes() {
        refused("SELECT 1;\n\n-- cardea:phse contract\nSELECT 2;", 3)
                .hasMessageContaining("unknown directive 'cardea:phse'")
                .hasMessageContaining("known: phase, transaction, completes, backfill, lint-ignore");
    }

    @Test
    void misspeltDirectiveIsRefusedRatherThanReadAsAComment() {
        // Ignoring these would, for instance, run a contract migration in the expand phase.
        for (String directive : new String[] {"-- cardea: phase contract", "-- Cardea:phase contract",
                "-- cardea:Phase contract", "--CARDEA:transaction none"}) {
            refused(directive + "\nALTER TABLE identities DROP COLUMN legacy;", 1).hasMessageContaining(directive);
        }
    }

    @Test
    void phaseDirectiveAfterTheFirstStatementIsRefused() {
        refused("CREATE TABLE a (id int);\n-- cardea:phase contract\nDROP TABLE b;", 2)
                .hasMessageContaining("'-- cardea:phase' belongs at the top of the file");
    }

    @Test
    void transactionDirectiveAfterTheFirstStatementIsRefused() {
        refused("CREATE TABLE a (id int);\n\n-- cardea:transaction none\nSELECT 1;", 3)
                .hasMessageContaining("'-- cardea:transaction' belongs at the top of the file");
    }

    @Test
    void unknownPhaseIsRefused() {
        refused("-- cardea:phase migrate\nSELECT 1;", 1).hasMessageContaining("unknown phase 'migrate'")
                .hasMessageContaining("use expand or contract");
    }

    @Test
    void transactionValueOtherThanNoneIsRefused() {
        refused("-- cardea:transaction off\nSELECT 1;", 1).hasMessageContaining("the only value is 'none'");
    }

    @Test
    void backfillWithoutTableIsRefusedAtItsStatement() {
        refused("""
                -- cardea:transaction none
                -- cardea:backfill key=id batch=10
                UPDATE t SET x = 1 WHERE id BETWEEN :from AND :to;
                """, 3).hasMessageContaining("a backfill names its table");
    }

    @Test
    void backfillWithUnknownSettingIsRefused() {
        refused("""
                -- cardea:transaction none
                -- cardea:backfill table=t size=10
                UPDATE t SET x = 1 WHERE id BETWEEN :from AND :to;
                """, 2).hasMessageContaining("unknown backfill setting 'size'");
    }

    @Test
    void backfillStatementWithoutFromIsRefused() {
        refused("""
                -- cardea:transaction none
                -- cardea:backfill table=t
                UPDATE t SET x = 1 WHERE id <= :to;
                """, 3).hasMessageContaining("':from' and ':to'");
    }

    @Test
    void backfillStatementWithoutToIsRefused() {
        refused("""
                -- cardea:transaction none
                -- cardea:backfill table=t
                UPDATE t SET x = 1 WHERE id >= :from;
                """, 3).hasMessageContaining("':from' and ':to'");
    }

    @Test
    void castToATypeStartingWithToIsNoToPlaceholder() {
        // The runner binds only a ':to' that is not part of a '::' cast and ends a word; without it
        // every batch would run from ':from' to the end of the table.
        refused("""
                -- cardea:transaction none
                -- cardea:backfill table=t
                UPDATE t SET kind = legacy_kind::token_kind WHERE id >= :from;
                """, 3).hasMessageContaining("':from' and ':to'");
        refused("""
                -- cardea:transaction none
                -- cardea:backfill table=t
                UPDATE t SET x = 1 WHERE id >= :from AND id <= :to_id;
                """, 3).hasMessageContaining("':from' and ':to'");
    }

    @Test
    void backfillBatchMustBeAPositiveWholeNumber() {
        for (String batch : new String[] {"0", "-5", "many", "1.5"}) {
            refused("-- cardea:transaction none\n-- cardea:backfill table=t batch=" + batch
                    + "\nUPDATE t SET x = 1 WHERE id BETWEEN :from AND :to;", 3)
                    .hasMessageContaining("batch must be a positive whole number, not '" + batch + "'");
        }
    }

    @Test
    void backfillPauseMustBeADuration() {
        for (String pause : new String[] {"20", "fast", "2m", "-1s"}) {
            refused("-- cardea:transaction none\n-- cardea:backfill table=t pause=" + pause
                    + "\nUPDATE t SET x = 1 WHERE id BETWEEN :from AND :to;", 3)
                    .hasMessageContaining("'" + pause + "' is not a duration such as 20ms or 2s");
        }
    }

    @Test
    void backfillInATransactionalMigrationIsRefused() {
        refused("""
                ALTER TABLE t ADD COLUMN x int;
                -- cardea:backfill table=t
                UPDATE t SET x = 1 WHERE id BETWEEN :from AND :to;
                """, 3).hasMessageContaining("a backfill commits each batch on its own")
                .hasMessageContaining("Add '-- cardea:transaction none' at the top of the file");
    }

    @Test
    void concurrentIndexInATransactionalMigrationIsRefused() {
        refused("""
                CREATE TABLE a (id int);

                CREATE INDEX CONCURRENTLY t_x_idx ON t (x);
                """, 3).hasMessageContaining("cannot run inside a transaction")
                .hasMessageContaining("Add '-- cardea:transaction none'");
    }

    @Test
    void concurrentIndexWithoutANameIsRefused() {
        refused("""
                -- cardea:transaction none
                CREATE INDEX CONCURRENTLY ON t (x);
                """, 2).hasMessageContaining("name the index built CONCURRENTLY");
    }

    @Test
    void namedConcurrentIndexInANonTransactionalMigrationIsAccepted() {
        Migration m = parse("""
                -- cardea:transaction none
                CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_x_idx ON t (x);
                """);

        assertThat(m.steps()).hasSize(1);
    }

    @Test
    void checksumIgnoresWindowsLineEndings() {
        String lf = "-- cardea:phase expand\nCREATE TABLE a (\n  id int\n);\n";

        assertThat(parse(lf.replace("\n", "\r\n")).checksum()).isEqualTo(parse(lf).checksum());
    }

    @Test
    void checksumChangesWhenTheContentChanges() {
        String original = "CREATE TABLE a (id int);\n";

        assertThat(parse(original).checksum()).isEqualTo(parse(original).checksum()).hasSize(64);
        assertThat(parse("CREATE TABLE a (id bigint);\n").checksum()).isNotEqualTo(parse(original).checksum());
        assertThat(parse(original + "-- reviewed\n").checksum()).isNotEqualTo(parse(original).checksum());
    }

    @Test
    void aDirectiveWithNoStatementAfterItIsRefusedNotDropped() {
        assertThatThrownBy(() -> parse("""
                -- cardea:transaction none
                SELECT 1;
                -- cardea:backfill table=t key=id
                """))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining(FILE)
                .hasMessageContaining("'-- cardea:backfill' directive has no statement after it");
        assertThatThrownBy(() -> parse("SELECT 1;\n-- cardea:lint-ignore drop it is fine\n"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("lint-ignore");
    }
}
