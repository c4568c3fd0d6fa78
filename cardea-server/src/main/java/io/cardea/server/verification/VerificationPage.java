package io.cardea.server.verification;

import io.cardea.server.pages.CheckYourMail;
import io.cardea.server.pages.MaintenanceBanner;
import io.cardea.server.pages.Page;
import io.cardea.server.pages.PageController;
import io.cardea.server.pages.PageText;
import io.cardea.server.pages.ReturnTo;
import io.cardea.server.session.BrowserSession;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Email verification for browsers: the mail's link verifies when opened; the code is typed into a
 * form (shown after the sign-up, or here without a token), which also asks for a new mail.
 */
@PageController
final class VerificationPage {

    static final String RESEND_PATH = EmailVerification.LINK_PATH + "/resend";

    private final EmailVerification verification;
    private final BrowserSession sessions;
    private final MaintenanceBanner banner;

    VerificationPage(EmailVerification verification, BrowserSession sessions, MaintenanceBanner banner) {
        this.verification = verification;
        this.sessions = sessions;
        this.banner = banner;
    }

    @GetMapping(EmailVerification.LINK_PATH)
    ModelAndView open(@RequestParam(name = "token", required = false) String token, HttpServletRequest request) {
        if (!verification.available()) {
            return Page.error(HttpStatus.SERVICE_UNAVAILABLE, "verification.error.unavailable",
                    "Email verification is not available on this server.", request, EmailVerification.LINK_PATH);
        }
        if (token == null) {
            return form(HttpStatus.OK, "", "", request);
        }
        try {
            verification.verifyWithLink(token);
        } catch (RequestRefused e) {
            return Page.error(e.status(), "verification.error.expired", "This link was used already or is expired. "
                    + "If you opened it before, your address is verified already; if not, ask for a new mail at "
                    + EmailVerification.LINK_PATH + ".", request, EmailVerification.LINK_PATH);
        }
        return done("", request);
    }

    @PostMapping(path = EmailVerification.LINK_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView withCode(@RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "code", defaultValue = "") String code,
            @RequestParam(name = "return_to", required = false) String returnTo, HttpServletRequest request) {
        String target = ReturnTo.safe(returnTo);
        try {
            verification.verifyWithCode(email, code);
        } catch (RequestRefused e) {
            return form(e.status(), email, target, request).addObject("error", PageText.of(request, e));
        }
        return done(target, request);
    }

    @PostMapping(path = RESEND_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView resend(@RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "return_to", required = false) String returnTo, HttpServletRequest request,
            HttpServletResponse response) {
        String target = ReturnTo.safe(returnTo);
        try {
            verification.resend(email, request);
        } catch (RequestRefused e) {
            e.addRetryAfter(response);
            return form(e.status(), email, target, request).addObject("error", PageText.of(request, e));
        }
        return form(HttpStatus.OK, email.strip(), target, request).addObject("notice", PageText.of(request,
                "verification.resent", "If this address still needs confirming, a new mail is on its way to it."));
    }

    private ModelAndView form(HttpStatus status, String email, String returnTo, HttpServletRequest request) {
        return CheckYourMail.page(status, email, returnTo, sessions.current(request).isPresent(), banner);
    }

    private ModelAndView done(String returnTo, HttpServletRequest request) {
        return Page.render(HttpStatus.OK, "verify-email-done").addObject("returnTo", returnTo)
                .addObject("signedIn", sessions.current(request).isPresent())
                .addObject("banner", banner.now().orElse(null));
    }
}
