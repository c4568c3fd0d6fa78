package io.cardea.server.fleet;

import io.cardea.migrate.registry.RunningRelease;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/fleet/features}: each feature that switches on fleet-wide, the release it needs,
 * whether it is on and why, and which instances hold it back. Behind the admin API's bearer tokens
 * like every {@code /admin} path; answered from what this instance read last, a few seconds old.
 */
@RestController
final class AdminFleetFeaturesController {

    /** @param checkedAt when this instance last read the registry; null before the first time */
    record Features(String release, Instant checkedAt, List<FeatureState> features) {}

    private final FleetFeatures fleet;

    AdminFleetFeaturesController(FleetFeatures fleet) {
        this.fleet = fleet;
    }

    @GetMapping("/admin/fleet/features")
    Features list() {
        return new Features(RunningRelease.version(), fleet.checkedAt(), fleet.states());
    }
}
