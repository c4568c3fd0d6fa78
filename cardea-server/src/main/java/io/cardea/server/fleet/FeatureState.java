package io.cardea.server.fleet;

import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.SwitchedOnFeatures.SwitchedOn;
import java.time.Instant;
import java.util.List;

/**
 * A feature as the fleet has it, for the operator: whether it is on, and why, with the instances
 * that hold it back (while off) or that do not honour it although it is on (an older release started
 * after it switched on, e.g. by a roll-back).
 *
 * @param since when it switched on; null while off
 * @param switchedOnBy the instance that switched it on, and its release; null while off
 * @param heldBackBy while off: the instances of a release before {@code requiresRelease}
 * @param notHonouredBy while on: the live instances of a release before {@code requiresRelease}
 */
public record FeatureState(String name, String requiresRelease, boolean on, String why, Instant since,
        String switchedOnBy, List<Holder> heldBackBy, List<Holder> notHonouredBy) {

    /** A live instance that does not honour the feature. */
    public record Holder(String id, String release, String baseUrl, String host, long pid, Instant heartbeatAt) {
        static Holder of(Instance i) {
            return new Holder(i.id(), i.release(), i.baseUrl(), i.host(), i.pid(), i.heartbeatAt());
        }
    }

    static FeatureState on(Feature f, SwitchedOn record, List<Instance> older) {
        String why = "switched on by " + record.by() + " once every live instance ran " + f.firstRelease()
                + " or later";
        if (!older.isEmpty()) {
            why = "on, but NOT honoured by " + older.size() + " live instance(s) of an older release, which "
                    + f.withoutIt() + "; this instance keeps honouring it (" + why + ")";
        }
        return new FeatureState(f.name(), f.firstRelease(), true, why, record.at(), record.by(), List.of(),
                older.stream().map(Holder::of).toList());
    }

    /** On because every live instance honours it now, unrecorded ({@link Feature#followingTheFleet}). */
    static FeatureState followingTheFleet(Feature f) {
        return new FeatureState(f.name(), f.firstRelease(), true, "on while every live instance runs "
                + f.firstRelease() + " or later; not recorded, so an older instance joining switches it off",
                null, null, List.of(), List.of());
    }

    static FeatureState off(Feature f, String why, List<Instance> older) {
        return new FeatureState(f.name(), f.firstRelease(), false, why, null, null,
                older.stream().map(Holder::of).toList(), List.of());
    }

    /** On, and some live instance does not honour it. */
    public boolean breached() {
        return on && !notHonouredBy.isEmpty();
    }
}
