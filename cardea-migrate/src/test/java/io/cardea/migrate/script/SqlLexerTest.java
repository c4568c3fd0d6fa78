package io.cardea.migrate.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.script.SqlToken.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    /** Counts the top-level {@code ;} tokens: a semicolon inside anything else is no token of its own. */
    private static long semicolons(String sql) {
        return SqlLexer.tokenize(sql).stream().filter(t -> t.isSymbol(";")).count();
    }

    private static SqlToken only(Kind kind, String sql) {
        List<SqlToken> matching = SqlLexer.tokenize(sql).stream().filter(t -> t.kind() == kind).toList();
        assertThat(matching).as("%s tokens in %s", kind, sql).hasSize(1);
        return matching.getFirst();
    }

    @Test
    void semicolonInsideStandardStringIsPartOfTheString() {
        String sql = "INSERT INTO t VALUES ('a;b', 'it''s; fine');";

        assertThat(semicolons(sql)).isEqualTo(1);
        assertThat(SqlLexer.tokenize(sql)).filteredOn(t -> t.kind() == Kind.STRING).extracting(SqlToken::text)
                .containsExactly("'a;b'", "'it''s; fine'");
    }

    @Test
    void backslashDoesNotEscapeTheQuoteOfAStandardString() {
        // standard_conforming_strings: 'C:\' is a complete string, so the ; after it ends the statement.
        String sql = "SELECT 'C:\\'; SELECT 2;";

        assertThat(semicolons(sql)).isEqualTo(2);
    }

    @Test
    void escapeStringHonoursBackslashEscapes() {
        String sql = "SELECT E'it\\'s; a \\\\ backslash; ' AS x;";

        SqlToken string = only(Kind.STRING, sql);
        assertThat(string.text()).isEqualTo("E'it\\'s; a \\\\ backslash; '");
        assertThat(semicolons(sql)).isEqualTo(1);
    }

    @Test
    void lowerCaseEscapeStringPrefixIsRecognisedToo() {
        assertThat(semicolons("SELECT e'\\';'; SELECT 1;")).isEqualTo(2);
    }

    @Test
    void quotedIdentifierKeepsSemicolonsQuotesAndCase() {
        SqlToken name = only(Kind.QUOTED_NAME, "CREATE TABLE \"Odd;\"\"Name\" (id int);");

        assertThat(name.name()).isEqualTo("Odd;\"Name");
    }

    @Test
    void unquotedWordsFoldToLowerCase() {
        SqlToken word = SqlLexer.tokenize("Identities").getFirst();

        assertThat(word.name()).isEqualTo("identities");
        assertThat(word.is("IDENTITIES")).isTrue();
    }

    @Test
    void dollarQuotedBodyIsOneToken() {
        String sql = """
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$
                    SELECT 1; SELECT 'it''s';
                $$;
                """;

        SqlToken body = only(Kind.STRING, sql);
        assertThat(body.text()).startsWith("$$").endsWith("$$").contains("SELECT 1; SELECT");
        assertThat(semicolons(sql)).isEqualTo(1);
    }

    @Test
    void taggedDollarQuoteMayContainPlainDollarQuotes() {
        String sql = """
                CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    EXECUTE $$UPDATE t SET x = 1;$$;
                    RETURN NEW;
                END
                $body$;
                SELECT 1;
                """;

        SqlToken body = only(Kind.STRING, sql);
        assertThat(body.text()).startsWith("$body$").endsWith("END\n$body$");
        assertThat(semicolons(sql)).isEqualTo(2);
    }

    @Test
    void positionalParameterIsNotADollarQuote() {
        assertThat(semicolons("SELECT $1; SELECT $2;")).isEqualTo(2);
    }

    @Test
    void lineCommentRunsToTheEndOfTheLine() {
        String sql = "SELECT 1; -- not the end; really\nSELECT 2;";

        assertThat(only(Kind.LINE_COMMENT, sql).text()).isEqualTo("-- not the end; really");
        assertThat(semicolons(sql)).isEqualTo(2);
    }

    @Test
    void nestedBlockCommentEndsAtItsOwnClose() {
        String sql = "/* outer /* inner; */ still comment; */ SELECT 1;";

        assertThat(only(Kind.BLOCK_COMMENT, sql).text()).isEqualTo("/* outer /* inner; */ still comment; */");
        assertThat(semicolons(sql)).isEqualTo(1);
    }

    @Test
    void tokensCarryTheLineTheyStartOn() {
        String sql = """
                SELECT 'one
                two' AS a,
                /* three
                   four */ $$five
                six$$ AS b,
                "seven"
                ;
                """;

        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        assertThat(tokens).filteredOn(t -> t.kind() == Kind.STRING).extracting(SqlToken::line).containsExactly(1, 4);
        assertThat(only(Kind.BLOCK_COMMENT, sql).line()).isEqualTo(3);
        assertThat(only(Kind.QUOTED_NAME, sql).line()).isEqualTo(6);
        assertThat(tokens.getLast().line()).isEqualTo(7);
    }

    @Test
    void escapedLineBreakInEscapeStringStillCountsAsALine() {
        String sql = "SELECT E'first\\\nsecond';\nSELECT 3;";

        SqlToken third = SqlLexer.tokenize(sql).stream().filter(t -> t.is("SELECT")).toList().getLast();
        assertThat(third.line()).isEqualTo(3);
    }

    @Test
    void unterminatedEscapeStringEndingInBackslashRunsToTheEnd() {
        List<SqlToken> tokens = SqlLexer.tokenize("SELECT E'oops\\");

        assertThat(tokens.getLast().kind()).isEqualTo(Kind.STRING);
        assertThat(tokens.getLast().text()).isEqualTo("E'oops\\");
    }

    @Test
    void tokensRecordTheirOffsetsInTheSource() {
        String sql = "  ALTER  TABLE t;";

        for (SqlToken t : SqlLexer.tokenize(sql)) {
            assertThat(sql.substring(t.start(), t.end())).isEqualTo(t.text());
        }
        assertThat(SqlLexer.tokenize(sql)).extracting(SqlToken::text).containsExactly("ALTER", "TABLE", "t", ";");
    }

    @Test
    void doubleColonCastIsOneSymbol() {
        assertThat(SqlLexer.tokenize("x::text")).extracting(SqlToken::text).containsExactly("x", "::", "text");
    }
}
