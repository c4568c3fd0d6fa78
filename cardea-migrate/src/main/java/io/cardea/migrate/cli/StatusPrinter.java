package io.cardea.migrate.cli;

import io.cardea.migrate.MigrationStatus;
import io.cardea.migrate.StatusReport;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Prints {@code cardea migrate status} as a table or as JSON. */
final class StatusPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private StatusPrinter() {}

    static void table(StatusReport report, PrintStream out) {
        if (report.migrations().isEmpty()) {
            out.println("No migrations: this release ships none and the database records none.");
            return;
        }
        String format = "%-8s %-36s %-9s %-24s %-21s %9s  %s%n";
        out.printf(format, "VERSION", "NAME", "PHASE", "STATE", "APPLIED AT", "DURATION", "APPLIED BY");
        for (MigrationStatus s : report.migrations()) {
            out.printf(format, "V" + s.version(), s.name(), s.phase().label(), s.state().label(),
                    s.appliedAt() == null ? "-" : TIME.format(s.appliedAt()),
                    s.duration() == null ? "-" : s.duration().toMillis() + " ms",
                    s.appliedBy() == null ? "-" : s.appliedBy());
        }
        for (MigrationStatus s : report.migrations()) {
            if (s.error() != null) {
                out.println();
                out.println("V" + s.version() + " last failed:");
                out.println(s.error().indent(2).stripTrailing());
            }
        }
    }

    static void json(StatusReport report, PrintStream out) {
        List<String> items = new ArrayList<>();
        for (MigrationStatus s : report.migrations()) {
            items.add("{\"version\":" + s.version()
                    + ",\"name\":" + string(s.name())
                    + ",\"phase\":" + string(s.phase().label())
                    + ",\"state\":" + string(s.state().label())
                    + ",\"appliedAt\":" + (s.appliedAt() == null ? "null" : string(s.appliedAt().toString()))
                    + ",\"appliedBy\":" + string(s.appliedBy())
                    + ",\"durationMs\":" + (s.duration() == null ? "null" : s.duration().toMillis())
                    + ",\"error\":" + string(s.error()) + "}");
        }
        out.println("{\"pending\":" + report.hasWorkToDo() + ",\"migrations\":[" + String.join(",", items) + "]}");
    }

    static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
