package io.cardea.ops.plan;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.ops.release.Removal;
import java.io.PrintWriter;
import java.util.Optional;

/** The plan's section on what the releases up to the target deprecated and removed, with what replaces each. */
final class DeprecationReport {

    private DeprecationReport() {}

    static void print(UpgradePlan plan, PrintWriter out) {
        String to = plan.target().version().toString();
        String from = plan.source().version().toString();
        out.println();
        out.println("== Deprecations and removals ==");
        if (plan.deprecations().isEmpty() && plan.removals().isEmpty()) {
            out.println("Nothing is deprecated or removed between " + from + " and " + to + ".");
            return;
        }
        if (!plan.deprecations().isEmpty()) {
            out.println("Deprecated after " + from + " (still working in " + to + "; a later minor release may remove "
                    + "them, so move to the replacement):");
            for (Deprecation d : plan.deprecations()) {
                out.println("  " + d.describe());
                inUse(plan, d.kind(), d.what()).ifPresent(line -> out.println("    your configuration sets it, line "
                        + line + ": move to the replacement before a release removes it"));
            }
        }
        if (!plan.removals().isEmpty()) {
            out.println("Removed (gone in " + to + "):");
            for (Removal r : plan.removals()) {
                out.println("  " + r.describe());
                inUse(plan, r.kind(), r.what()).ifPresent(line -> out.println("    ! your configuration still sets it, "
                        + "line " + line + ": " + to + " ignores it; set the replacement instead"));
            }
        }
    }

    private static Optional<String> inUse(UpgradePlan plan, Deprecation.Kind kind, String what) {
        if (kind != Deprecation.Kind.SETTING) {
            return Optional.empty();
        }
        return plan.config().flatMap(c -> c.setting(what).map(s -> s.line() + " of " + c.file()));
    }
}
