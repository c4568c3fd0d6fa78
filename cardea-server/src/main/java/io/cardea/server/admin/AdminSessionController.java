package io.cardea.server.admin;

import io.cardea.server.session.SignOutEverywhere;
import io.cardea.server.web.RequestRefused;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An identity's sessions, for the operator: list them, end one, or end them all. */
@RestController
final class AdminSessionController {

    record Sessions(List<AdminIdentities.SessionRow> sessions) {}

    private final AdminIdentities identities;
    private final SignOutEverywhere signOut;

    AdminSessionController(AdminIdentities identities, SignOutEverywhere signOut) {
        this.identities = identities;
        this.signOut = signOut;
    }

    @GetMapping("/admin/identities/{id}/sessions")
    Sessions list(@PathVariable("id") UUID id) {
        identities.find(id).orElseThrow(AdminIdentityController::notFound);
        return new Sessions(identities.sessions(id));
    }

    @DeleteMapping("/admin/identities/{id}/sessions")
    ResponseEntity<Void> revokeAll(@PathVariable("id") UUID id) {
        identities.find(id).orElseThrow(AdminIdentityController::notFound);
        signOut.of(id);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/admin/sessions/{id}")
    ResponseEntity<Void> revoke(@PathVariable("id") UUID id) {
        if (!identities.revokeSession(id)) {
            throw new RequestRefused(HttpStatus.NOT_FOUND, "not_found", null, "No such session.");
        }
        return ResponseEntity.noContent().build();
    }
}
