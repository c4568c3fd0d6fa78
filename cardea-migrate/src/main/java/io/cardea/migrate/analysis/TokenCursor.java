package io.cardea.migrate.analysis;

import io.cardea.migrate.script.SqlToken;
import java.util.ArrayList;
import java.util.List;

/** Walks the tokens of one statement, comments left out. */
final class TokenCursor {

    private final List<SqlToken> tokens;
    private int pos;

    TokenCursor(List<SqlToken> tokens) {
        this.tokens = tokens.stream().filter(t -> !t.isComment()).toList();
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    SqlToken peek() {
        return atEnd() ? null : tokens.get(pos);
    }

    /** The token {@code ahead} places after the next one (0: the next one), or an empty symbol past the end. */
    SqlToken peek(int ahead) {
        int at = pos + ahead;
        return at < tokens.size() ? tokens.get(at) : new SqlToken(SqlToken.Kind.SYMBOL, "", 0, 0, 0);
    }

    /** True when the next tokens are the given keywords; consumes them only then. */
    boolean accept(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            int at = pos + i;
            if (at >= tokens.size() || !tokens.get(at).is(keywords[i])) {
                return false;
            }
        }
        pos += keywords.length;
        return true;
    }

    boolean acceptSymbol(String symbol) {
        if (!atEnd() && tokens.get(pos).isSymbol(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    /** Reads a possibly schema-qualified name, e.g. {@code public.identities}. */
    String name() {
        if (atEnd()) {
            return "?";
        }
        StringBuilder name = new StringBuilder(tokens.get(pos++).name());
        while (pos + 1 < tokens.size() && tokens.get(pos).isSymbol(".")) {
            name.append('.').append(tokens.get(pos + 1).name());
            pos += 2;
        }
        return name.toString();
    }

    /** Tokens until the end of the current parenthesised group or the next top-level comma. */
    List<SqlToken> untilTopLevelComma() {
        List<SqlToken> part = new ArrayList<>();
        int depth = 0;
        while (!atEnd()) {
            SqlToken t = tokens.get(pos);
            if (depth == 0 && t.isSymbol(",")) {
                break;
            }
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            }
            part.add(t);
            pos++;
        }
        return part;
    }

    List<SqlToken> rest() {
        List<SqlToken> rest = tokens.subList(pos, tokens.size());
        pos = tokens.size();
        return rest;
    }

    static boolean contains(List<SqlToken> tokens, String... keywords) {
        for (int i = 0; i + keywords.length <= tokens.size(); i++) {
            boolean match = true;
            for (int k = 0; k < keywords.length && match; k++) {
                match = tokens.get(i + k).is(keywords[k]);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** The names after every occurrence of {@code keyword}, e.g. each table after REFERENCES. */
    static List<String> namesAfter(List<SqlToken> tokens, String keyword) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is(keyword)) {
                names.add(new TokenCursor(tokens.subList(i + 1, tokens.size())).name());
            }
        }
        return names;
    }

    /** The name after the first occurrence of {@code keyword}, e.g. the table after REFERENCES. */
    static String nameAfter(List<SqlToken> tokens, String keyword) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is(keyword)) {
                TokenCursor c = new TokenCursor(tokens.subList(i + 1, tokens.size()));
                return c.name();
            }
        }
        return null;
    }

    static String text(List<SqlToken> tokens) {
        return String.join(" ", tokens.stream().map(SqlToken::text).toList());
    }
}
