package io.cardea.server.recovery;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API of recovery: {@code POST /self-service/recovery} asks for a code, {@code POST
 * /self-service/recovery/password} sets a new password with the code (and the email) or the link's
 * token.
 */
@RestController
final class RecoveryController {

    record Asked(String email) {}

    record NewPassword(String email, String code, String token, String password) {
        @Override
        public String toString() {
            return "NewPassword[email=" + email + "]";
        }
    }

    record Answer(String status, String message) {}

    private final Recovery recovery;

    RecoveryController(Recovery recovery) {
        this.recovery = recovery;
    }

    @PostMapping(path = "/self-service/recovery", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Answer ask(@RequestBody Asked asked, HttpServletRequest request) {
        recovery.request(asked.email(), request);
        return new Answer("sent", "If an account has this address, a code to reset its password is on its way.");
    }

    @PostMapping(path = "/self-service/recovery/password", consumes = "application/json")
    Answer newPassword(@RequestBody NewPassword form, HttpServletRequest request) {
        if (form.token() != null) {
            recovery.completeWithLink(form.token(), form.password(), request);
        } else {
            recovery.completeWithCode(form.email(), form.code(), form.password(), request);
        }
        return new Answer("password_changed", "The password is changed, and every session signed out.");
    }
}
