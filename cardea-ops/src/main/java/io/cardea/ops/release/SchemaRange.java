package io.cardea.ops.release;

import io.cardea.migrate.script.Phase;
import java.util.List;

/**
 * The schemas a release can run on.
 *
 * @param requiresExpandUpTo every expand migration up to this version must be applied: the release
 *     uses what they add (0 when it ships none)
 * @param toleratesContractUpTo contract migrations up to this version may be applied; a later
 *     release's contract migrations remove what this release may still use. Later expand
 *     migrations are always tolerated: they are backward compatible by definition
 */
public record SchemaRange(long requiresExpandUpTo, long toleratesContractUpTo) {

    public static SchemaRange of(List<ShippedMigration> migrations) {
        long expand = migrations.stream().filter(m -> m.phase() == Phase.EXPAND)
                .mapToLong(ShippedMigration::version).max().orElse(0);
        long highest = migrations.stream().mapToLong(ShippedMigration::version).max().orElse(0);
        return new SchemaRange(expand, highest);
    }
}
