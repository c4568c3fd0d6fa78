package io.cardea.migrate.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PostgreSQL SQL into tokens, understanding comments (nested block comments too), quoted
 * names, standard and escape strings and dollar quoting, so a {@code ;} inside any of them never
 * ends a statement.
 */
public final class SqlLexer {

    private final String sql;
    private int pos;
    private int line = 1;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    public static List<SqlToken> tokenize(String sql) {
        return new SqlLexer(sql).run();
    }

    private List<SqlToken> run() {
        List<SqlToken> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= sql.length()) {
                return tokens;
            }
            int start = pos;
            int startLine = line;
            SqlToken.Kind kind = next();
            tokens.add(new SqlToken(kind, sql.substring(start, pos), start, pos, startLine));
        }
    }

    private SqlToken.Kind next() {
        char c = sql.charAt(pos);
        if (c == '-' && peek(1) == '-') {
            while (pos < sql.length() && sql.charAt(pos) != '\n') {
                pos++;
            }
            return SqlToken.Kind.LINE_COMMENT;
        }
        if (c == '/' && peek(1) == '*') {
            blockComment();
            return SqlToken.Kind.BLOCK_COMMENT;
        }
        if (c == '\'') {
            quoted('\'', false);
            return SqlToken.Kind.STRING;
        }
        if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            pos++;
            quoted('\'', true);
            return SqlToken.Kind.STRING;
        }
        if (c == '"') {
            quoted('"', false);
            return SqlToken.Kind.QUOTED_NAME;
        }
        if (c == '$') {
            String tag = dollarTag();
            if (tag != null) {
                int close = sql.indexOf(tag, pos + tag.length());
                advanceTo(close < 0 ? sql.length() : close + tag.length());
                return SqlToken.Kind.STRING;
            }
        }
        if (Character.isDigit(c)) {
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                pos++;
            }
            return SqlToken.Kind.NUMBER;
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_'
                    || sql.charAt(pos) == '$')) {
                pos++;
            }
            return SqlToken.Kind.WORD;
        }
        if (c == ':' && peek(1) == ':') {
            pos += 2;
            return SqlToken.Kind.SYMBOL;
        }
        pos++;
        return SqlToken.Kind.SYMBOL;
    }

    private void blockComment() {
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                advance();
            }
        }
    }

    private void quoted(char quote, boolean backslashEscapes) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos++;
                if (pos < sql.length()) {
                    advance(); // the escaped character may be a line break
                }
            } else if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return;
                }
            } else {
                advance();
            }
        }
    }

    /** Returns {@code $tag$} when a dollar quote starts here, else null (e.g. a {@code $1} parameter). */
    private String dollarTag() {
        int end = pos + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end < sql.length() && sql.charAt(end) == '$' && (end == pos + 1 || !Character.isDigit(sql.charAt(pos + 1)))) {
            return sql.substring(pos, end + 1);
        }
        return null;
    }

    private void skipWhitespace() {
        while (pos < sql.length() && Character.isWhitespace(sql.charAt(pos))) {
            advance();
        }
    }

    private void advance() {
        if (sql.charAt(pos) == '\n') {
            line++;
        }
        pos++;
    }

    private void advanceTo(int target) {
        while (pos < target) {
            advance();
        }
    }

    private char peek(int offset) {
        int i = pos + offset;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }
}
