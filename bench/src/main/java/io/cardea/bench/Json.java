package io.cardea.bench;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Writes maps, lists, strings, numbers, booleans and null as indented JSON; enough for the result files. */
final class Json {

    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, "", out);
        return out.append('\n').toString();
    }

    private static void write(Object value, String indent, StringBuilder out) {
        String inner = indent + "  ";
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append('{');
                String separator = "\n";
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(separator).append(inner);
                    string(String.valueOf(e.getKey()), out);
                    out.append(": ");
                    write(e.getValue(), inner, out);
                    separator = ",\n";
                }
                out.append(map.isEmpty() ? "" : "\n" + indent).append('}');
            }
            case List<?> list -> {
                out.append('[');
                String separator = "\n";
                for (Object item : list) {
                    out.append(separator).append(inner);
                    write(item, inner, out);
                    separator = ",\n";
                }
                out.append(list.isEmpty() ? "" : "\n" + indent).append(']');
            }
            case String s -> string(s, out);
            // Plain decimals: JSON readers all take them, and they read as written in the Markdown.
            case Double d -> out.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
