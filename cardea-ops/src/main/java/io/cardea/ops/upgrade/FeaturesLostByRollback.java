package io.cardea.ops.upgrade;

import io.cardea.migrate.registry.SwitchedOnFeatures;
import io.cardea.migrate.registry.SwitchedOnFeatures.SwitchedOn;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The features switched on fleet-wide that the release a roll-back goes to does not honour: what
 * the operator loses by going back. {@code cardea upgrade rollback} refuses while there are any,
 * unless forced; forced, it switches them off once the roll-back has finished, so that the next
 * upgrade switches them on again only when the whole fleet honours them (see
 * docs/design/fleet-features.md).
 */
record FeaturesLostByRollback(String target, List<SwitchedOn> features) {

    static FeaturesLostByRollback read(DataSource database, String target) throws SQLException {
        return new FeaturesLostByRollback(target, new SwitchedOnFeatures(database).notHonouredBy(target));
    }

    boolean none() {
        return features.isEmpty();
    }

    /** Why the roll-back is refused, and what {@code --force} would cost. */
    String refusal() {
        return "Refused: " + target + " does not honour " + features.size() + " feature(s) switched on fleet-wide:\n"
                + list()
                + "\n`cardea upgrade rollback --force` goes back anyway: " + target + "'s instances would not honour them "
                + "(the above is what is lost), and once the roll-back has finished they are switched off, to switch on "
                + "again when every instance runs the release each needs.";
    }

    /** Said before a forced roll-back starts. */
    String forcedWarning() {
        return "Going back to " + target + " with --force: these feature(s) stop being honoured once its instances "
                + "serve:\n" + list();
    }

    /** Forgets that they switched on; to be called once the roll-back has finished. */
    String switchOff(DataSource database) throws SQLException {
        new SwitchedOnFeatures(database).switchOff(features.stream().map(SwitchedOn::name).toList());
        return "Switched off " + features.stream().map(SwitchedOn::name).collect(Collectors.joining(", "))
                + ": each switches on again once every live instance runs the release it needs.";
    }

    private String list() {
        return features.stream()
                .map(f -> "  - " + f.name() + " (needs " + f.requiresRelease() + ", on since " + f.at() + "): "
                        + target + " " + f.withoutIt())
                .collect(Collectors.joining("\n"));
    }
}
