package io.cardea.migrate.cli;

import io.cardea.migrate.MigrationStatus;
import io.cardea.migrate.StatusReport;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

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
        List<Map<String, Object>> items = new ArrayList<>();
        for (MigrationStatus s : report.migrations()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("version", s.version());
            item.put("name", s.name());
            item.put("phase", s.phase().label());
            item.put("state", s.state().label());
            item.put("appliedAt", s.appliedAt() == null ? null : s.appliedAt().toString());
            item.put("appliedBy", s.appliedBy());
            item.put("durationMs", s.duration() == null ? null : s.duration().toMillis());
            item.put("error", s.error());
            items.add(item);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("pending", report.hasWorkToDo());
        status.put("migrations", items);
        try {
            out.println(new ObjectMapper().writeValueAsString(status));
        } catch (JacksonException e) {
            throw new IllegalStateException("migration status has no JSON form", e);
        }
    }
}
