package io.cardea.server.pages;

import io.cardea.server.session.BrowserSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/** Signing out from a page (a CSRF-protected form post), and the page that says it is done. */
@PageController
final class SignOutPage {

    public static final String SIGNED_OUT = "/signed-out";

    private final BrowserSession sessions;

    SignOutPage(BrowserSession sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/logout")
    ModelAndView signOut(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, sessions.signOut(request));
        return Page.seeOther(SIGNED_OUT);
    }

    @GetMapping(SIGNED_OUT)
    ModelAndView signedOut() {
        return Page.render(HttpStatus.OK, "signed-out");
    }
}
