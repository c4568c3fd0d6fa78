package io.cardea.server.oauth2;

import io.cardea.server.codes.AccountMail;
import io.cardea.server.pages.MaintenanceBanner;
import io.cardea.server.pages.Page;
import io.cardea.server.pages.PageText;
import io.cardea.server.pages.ReturnTo;
import io.cardea.server.session.BrowserSession;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import io.cardea.server.pages.PageController;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The sign-in page for browsers: a plain form, protected against cross-site posts by a CSRF token
 * (double-submit cookie, so no server-side state), signing in through the same checks as the JSON
 * API and then returning to the authorization request that sent the browser here.
 */
@PageController
final class SignInPage {

    static final String PATH = "/sign-in";

    private final BrowserSession sessions;
    private final MaintenanceBanner banner;
    private final AccountMail accountMail;

    SignInPage(BrowserSession sessions, MaintenanceBanner banner, AccountMail accountMail) {
        this.accountMail = accountMail;
        this.sessions = sessions;
        this.banner = banner;
    }

    @GetMapping(PATH)
    ModelAndView show(@RequestParam(name = "return_to", required = false) String returnTo) {
        return form(HttpStatus.OK, ReturnTo.safe(returnTo), "", null);
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView signIn(@RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "return_to", required = false) String returnTo, HttpServletRequest request,
            HttpServletResponse response) {
        String target = ReturnTo.safe(returnTo);
        try {
            response.addHeader(HttpHeaders.SET_COOKIE, sessions.signIn(email, password, request));
        } catch (RequestRefused e) {
            e.addRetryAfter(response);
            // An address that must be verified first gets a button for a new mail beside the message.
            return form(e.status(), target, email, PageText.of(request, e)).addObject("unverified",
                    BrowserSession.unverifiedEmail(e));
        }
        return target.isEmpty() ? Page.render(HttpStatus.OK, "signed-in") : Page.seeOther(target);
    }

    private ModelAndView form(HttpStatus status, String returnTo, String email, String error) {
        return Page.render(status, "sign-in").addObject("returnTo", returnTo).addObject("email", email)
                .addObject("error", error).addObject("banner", banner.now().orElse(null))
                .addObject("recovery", accountMail.available());
    }
}
