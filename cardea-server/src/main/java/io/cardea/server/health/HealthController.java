package io.cardea.server.health;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The probes: alive (the process runs), started (startup is done), ready (send traffic here). */
@RestController
final class HealthController {

    private final ServingState state;
    private final Readiness readiness;

    HealthController(ServingState state, Readiness readiness) {
        this.state = state;
        this.readiness = readiness;
    }

    @GetMapping("/health/alive")
    Map<String, String> alive() {
        return Map.of("status", "alive");
    }

    @GetMapping("/health/started")
    ResponseEntity<Map<String, String>> started() {
        return state.started() ? ResponseEntity.ok(Map.of("status", "started"))
                : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "starting"));
    }

    @GetMapping("/health/ready")
    ResponseEntity<Readiness.Verdict> ready() {
        Readiness.Verdict verdict = readiness.now();
        return ResponseEntity.status(verdict.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(verdict);
    }
}
