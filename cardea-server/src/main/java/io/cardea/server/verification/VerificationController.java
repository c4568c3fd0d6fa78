package io.cardea.server.verification;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API of email verification: {@code POST /self-service/verification} verifies with the
 * mailed code (and the email) or the link's token; {@code POST /self-service/verification/resend}
 * asks for a new mail.
 */
@RestController
final class VerificationController {

    record Proof(String email, String code, String token) {
        @Override
        public String toString() {
            return "Proof[email=" + email + "]";
        }
    }

    record Asked(String email) {}

    record Answer(String status, String message) {}

    private final EmailVerification verification;

    VerificationController(EmailVerification verification) {
        this.verification = verification;
    }

    @PostMapping(path = "/self-service/verification", consumes = "application/json")
    Answer verify(@RequestBody Proof proof) {
        if (proof.token() != null) {
            verification.verifyWithLink(proof.token());
        } else {
            verification.verifyWithCode(proof.email(), proof.code());
        }
        return new Answer("verified", "The email address is verified.");
    }

    @PostMapping(path = "/self-service/verification/resend", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Answer resend(@RequestBody Asked asked, HttpServletRequest request) {
        verification.resend(asked.email(), request);
        return new Answer("sent", "If an account has this address and it is not verified yet, a new mail is on its way.");
    }
}
