package io.cardea.server.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /self-service/registration}: sign-up with an email and a password. */
@RestController
final class RegistrationController {

    record Form(String email, String password) {
        @Override
        public String toString() {
            return "Form[email=" + email + "]";
        }
    }

    /** An identity as the API shows it. */
    record Created(UUID id, String email, String state, Instant createdAt) {}

    private final Registration registration;

    RegistrationController(Registration registration) {
        this.registration = registration;
    }

    @PostMapping(path = "/self-service/registration", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    Created register(@RequestBody Form form, HttpServletRequest request) {
        Identity i = registration.signUp(form.email(), form.password(), request).identity();
        return new Created(i.id(), i.email(), i.state(), i.createdAt());
    }
}
