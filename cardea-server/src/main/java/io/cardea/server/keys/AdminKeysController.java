package io.cardea.server.keys;

import io.cardea.server.web.RequestRefused;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/keys}: the signing-key ring for the operator's tools, with the rules and refusals of
 * {@code cardea keys}. Behind the admin API's bearer tokens like every {@code /admin} path; it shows
 * kids and dates, never key material.
 */
@RestController
final class AdminKeysController {

    /** A key as the admin API shows it: no key material, public or private. */
    record KeyView(String kid, String algorithm, String state, Instant createdAt, Instant activatedAt,
            Instant retiredAt) {
        static KeyView of(SigningKey k) {
            return new KeyView(k.kid(), k.algorithm(), k.state(), k.createdAt(), k.activatedAt(), k.retiredAt());
        }
    }

    record Ring(List<String> algorithms, List<KeyView> keys) {}

    record Rotated(List<String> signing) {}

    record Removed(String removed) {}

    private final KeyRing ring;

    AdminKeysController(KeyRing ring) {
        this.ring = ring;
    }

    @GetMapping("/admin/keys")
    Ring list() {
        return new Ring(ring.algorithms().stream().map(Enum::name).toList(),
                ring.list().stream().map(KeyView::of).toList());
    }

    /**
     * @param now rotate even if relying parties may not have fetched the next key yet (a compromised key)
     * @param algorithm only this algorithm's keys; default every algorithm in use
     */
    @PostMapping("/admin/keys/rotate")
    Rotated rotate(@RequestParam(name = "now", defaultValue = "false") boolean now,
            @RequestParam(name = "algorithm", required = false) String algorithm) {
        SigningAlgorithm only;
        try {
            only = algorithm == null ? null : SigningAlgorithm.named("algorithm", algorithm);
        } catch (IllegalArgumentException e) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_algorithm", "algorithm", e.getMessage() + ".");
        }
        try {
            return new Rotated(ring.rotate(only, now));
        } catch (RotationRefused e) {
            throw refused(e);
        }
    }

    @PostMapping("/admin/keys/{kid}/retire")
    Removed retire(@PathVariable("kid") String kid) {
        try {
            ring.retire(kid);
            return new Removed(kid);
        } catch (UnknownKey e) {
            throw new RequestRefused(HttpStatus.NOT_FOUND, "not_found", null, "No signing key has this kid.");
        } catch (RotationRefused e) {
            throw refused(e);
        }
    }

    private static RequestRefused refused(RotationRefused e) {
        return new RequestRefused(HttpStatus.CONFLICT, "refused", null, e.getMessage());
    }
}
