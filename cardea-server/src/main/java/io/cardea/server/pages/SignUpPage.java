package io.cardea.server.pages;

import io.cardea.server.identity.PasswordSettings;
import io.cardea.server.identity.Registration;
import io.cardea.server.session.BrowserSession;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Self-service registration for browsers: the same checks as the JSON API, then signed in at once
 * and, when an app's authorization request sent the person here, straight back to it; or, when a
 * mail asks to verify the address, to the page for its code, from which the person may go on.
 */
@PageController
final class SignUpPage {

    static final String PATH = "/sign-up";

    private final Registration registration;
    private final BrowserSession sessions;
    private final MaintenanceBanner banner;
    private final int minLength;

    SignUpPage(Registration registration, BrowserSession sessions, MaintenanceBanner banner, PasswordSettings passwords) {
        this.registration = registration;
        this.sessions = sessions;
        this.banner = banner;
        this.minLength = passwords.minLength();
    }

    @GetMapping(PATH)
    ModelAndView show(@RequestParam(name = "return_to", required = false) String returnTo) {
        return form(HttpStatus.OK, ReturnTo.safe(returnTo), "", null, null);
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView signUp(@RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "return_to", required = false) String returnTo, HttpServletRequest request,
            HttpServletResponse response) {
        String target = ReturnTo.safe(returnTo);
        try {
            Registration.SignedUp signedUp = registration.signUp(email, password, request);
            if (signedUp.verificationSent()) {
                // An address that had an account is never signed in here: the answer must not tell.
                boolean signedIn = !signedUp.existing() && signInUnlessUnverified(email, password, request, response);
                return CheckYourMail.page(HttpStatus.OK, signedUp.identity().email(), target, signedIn, banner)
                        .addObject("notice", PageText.of(request, "verification.sent", "Your account is created. "
                                + "We sent a mail to {0} to confirm that the address is yours.",
                                signedUp.identity().email()));
            }
            response.addHeader(HttpHeaders.SET_COOKIE, sessions.signIn(email, password, request));
        } catch (RequestRefused e) {
            e.addRetryAfter(response);
            return form(e.status(), target, email, e.error().field(), PageText.of(request, e));
        }
        return target.isEmpty() ? Page.render(HttpStatus.OK, "signed-in") : Page.seeOther(target);
    }

    /** Signs in, unless sign-in waits for the address to be verified (then no session, and false). */
    private boolean signInUnlessUnverified(String email, String password, HttpServletRequest request,
            HttpServletResponse response) {
        try {
            response.addHeader(HttpHeaders.SET_COOKIE, sessions.signIn(email, password, request));
            return true;
        } catch (RequestRefused e) {
            if (BrowserSession.unverifiedEmail(e)) {
                return false;
            }
            throw e;
        }
    }

    private ModelAndView form(HttpStatus status, String returnTo, String email, String field, String error) {
        return Page.render(status, "sign-up").addObject("returnTo", returnTo).addObject("email", email)
                .addObject("field", field).addObject("error", error).addObject("minLength", minLength)
                .addObject("banner", banner.now().orElse(null));
    }
}
