package io.cardea.migrate.script;

import java.util.Locale;

/** A lexical token of PostgreSQL SQL, with its place in the source. */
public record SqlToken(Kind kind, String text, int start, int end, int line) {

    public enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, SYMBOL, LINE_COMMENT, BLOCK_COMMENT }

    public boolean isComment() {
        return kind == Kind.LINE_COMMENT || kind == Kind.BLOCK_COMMENT;
    }

    /** True for an unquoted word equal to {@code keyword}, ignoring case. */
    public boolean is(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** The name this token stands for: unquoted words fold to lower case as PostgreSQL does. */
    public String name() {
        return switch (kind) {
            case QUOTED_NAME -> text.substring(1, text.length() - 1).replace("\"\"", "\"");
            case WORD -> text.toLowerCase(Locale.ROOT);
            default -> text;
        };
    }
}
