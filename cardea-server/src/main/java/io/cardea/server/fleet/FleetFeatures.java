package io.cardea.server.fleet;

import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.SwitchedOnFeatures;
import io.cardea.migrate.registry.SwitchedOnFeatures.SwitchedOn;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Which {@link Feature}s are on for the whole fleet. A feature switches on once every instance in
 * the registry runs its first release or a later one, and then stays on: the first instance to see
 * it records it in {@link SwitchedOnFeatures}, and every instance reads that record. See
 * docs/design/fleet-features.md.
 *
 * <p>{@link #isOn} answers from memory; {@link #refresh} reads the registry and the record, on a
 * timer, never on a request. Until the first refresh every feature is off.
 */
public final class FleetFeatures {

    /** How often the registry and the record are read: the registry's heartbeats are seconds apart. */
    public static final long REFRESH_SECONDS = 5;
    /**
     * An instance whose last heartbeat is this recent still holds a feature back, although the
     * registry counts it gone after {@link InstanceRegistry#LIVE_WITHIN}: an older instance stalled for
     * half a minute must not let a feature switch on for good. Instances that stop cleanly remove their
     * row and hold nothing back.
     */
    public static final Duration HELD_BACK_WITHIN = InstanceRegistry.LIVE_WITHIN.multipliedBy(4);

    private static final Logger log = LoggerFactory.getLogger(FleetFeatures.class);

    private final InstanceRegistry registry;
    private final SwitchedOnFeatures record;
    private final String release;
    private final String instance;
    private final Map<String, Feature> features = new LinkedHashMap<>();
    private volatile Snapshot snapshot;

    /** What the last refresh found. */
    private record Snapshot(Instant checkedAt, Map<String, FeatureState> states) {}

    /**
     * @param release the release this instance runs
     * @param instance how this process is named in the record when it switches a feature on
     */
    public FleetFeatures(InstanceRegistry registry, SwitchedOnFeatures record, String release, String instance,
            List<Feature> features) {
        this.registry = registry;
        this.record = record;
        this.release = release;
        this.instance = instance;
        for (Feature f : features) {
            if (this.features.put(f.name(), f) != null) {
                throw new IllegalArgumentException("two features are named " + f.name() + ": give one another name");
            }
        }
        Map<String, FeatureState> unread = new LinkedHashMap<>();
        features.forEach(f -> unread.put(f.name(), FeatureState.off(f, "not read yet: this instance is starting",
                List.of())));
        snapshot = new Snapshot(null, unread);
    }

    /** Whether {@code feature} is on fleet-wide, as of the last refresh. No database access. */
    public boolean isOn(Feature feature) {
        FeatureState state = snapshot.states().get(feature.name());
        if (state == null || !features.get(feature.name()).equals(feature)) {
            throw new IllegalArgumentException("feature " + feature.name() + " is not declared: declare it as a bean "
                    + "so that the fleet can switch it on");
        }
        return state.on();
    }

    /** Every declared feature, in declaration order, as of the last refresh. */
    public List<FeatureState> states() {
        return List.copyOf(snapshot.states().values());
    }

    /** When the last refresh read the registry; null before the first. */
    public Instant checkedAt() {
        return snapshot.checkedAt();
    }

    /**
     * Reads the registry and the record, switches on what the fleet now honours, and publishes the
     * answer for {@link #isOn}. A failed read keeps the last answer (a feature on stays on) until the
     * next refresh.
     */
    @Scheduled(fixedDelay = REFRESH_SECONDS, timeUnit = TimeUnit.SECONDS)
    public void refresh() {
        if (features.isEmpty()) {
            snapshot = new Snapshot(Instant.now(), Map.of());
            return;
        }
        try {
            List<Instance> seen = registry.seenWithin(HELD_BACK_WITHIN);
            Map<String, SwitchedOn> on = switchedOn();
            boolean switched = false;
            for (Feature f : features.values()) {
                if (f.staysOn() && !on.containsKey(f.name()) && offBecause(f, seen, older(f, seen)) == null) {
                    switched |= record.switchOn(f.name(), f.firstRelease(), f.withoutIt(), instance + " (" + release + ")");
                }
            }
            if (switched) {
                on = switchedOn();
            }
            Map<String, FeatureState> states = new LinkedHashMap<>();
            for (Feature f : features.values()) {
                List<Instance> older = older(f, seen);
                SwitchedOn r = f.staysOn() ? on.get(f.name()) : null;
                String off = offBecause(f, seen, older);
                states.put(f.name(), r != null ? FeatureState.on(f, r, older)
                        : !f.staysOn() && off == null ? FeatureState.followingTheFleet(f)
                        : FeatureState.off(f, off, older));
            }
            Snapshot previous = snapshot;
            snapshot = new Snapshot(Instant.now(), states);
            logChanges(previous.states(), states);
        } catch (SQLException | RuntimeException e) {
            log.warn("could not read which features are on fleet-wide; keeping the last answer until the next try: {}",
                    e.getMessage());
        }
    }

    /** Why the feature cannot switch on now; null when it can. */
    private String offBecause(Feature f, List<Instance> seen, List<Instance> older) {
        if (!f.honouredBy(release)) {
            return "off: this instance runs " + release + ", before " + f.firstRelease();
        }
        if (seen.isEmpty()) {
            return "off: no instance is in the registry yet";
        }
        if (!older.isEmpty()) {
            return "off: held back by " + older.size() + " instance(s) of a release before " + f.firstRelease() + " ("
                    + older.stream().map(i -> i.release() + " at " + i.baseUrl()).distinct().collect(Collectors.joining(", "))
                    + ")";
        }
        return null;
    }

    private static List<Instance> older(Feature f, List<Instance> seen) {
        return seen.stream().filter(i -> !f.honouredBy(i.release())).toList();
    }

    private Map<String, SwitchedOn> switchedOn() throws SQLException {
        return record.list().stream().collect(Collectors.toMap(SwitchedOn::name, Function.identity()));
    }

    private static void logChanges(Map<String, FeatureState> before, Map<String, FeatureState> now) {
        Map<String, FeatureState> was = new HashMap<>(before);
        for (FeatureState s : now.values()) {
            FeatureState earlier = was.get(s.name());
            if (s.on() && (earlier == null || !earlier.on())) {
                log.info("feature {} is on fleet-wide: {}", s.name(), s.why());
            }
            if (!s.on() && earlier != null && earlier.on() && s.switchedOnBy() == null && earlier.switchedOnBy() == null) {
                log.info("feature {} is off again: {}", s.name(), s.why());
            } else if (!s.on() && earlier != null && earlier.on()) {
                log.warn("feature {} was switched off (its record is gone, as `cardea upgrade rollback --force` leaves "
                        + "it); it switches on again once every live instance runs {} or later", s.name(), s.requiresRelease());
            }
            if (s.breached() && (earlier == null || !ids(earlier.notHonouredBy()).equals(ids(s.notHonouredBy())))) {
                log.error("feature {} is {}", s.name(), s.why());
            }
            if (!s.breached() && earlier != null && earlier.breached()) {
                log.info("feature {} is honoured by every live instance again", s.name());
            }
        }
    }

    private static List<String> ids(List<FeatureState.Holder> holders) {
        return holders.stream().map(FeatureState.Holder::id).toList();
    }
}
