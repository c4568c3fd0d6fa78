package io.cardea.server.account;

import io.cardea.server.pages.PageController;
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

/** Deleting one's account from a page: what it means, said plainly, then the password to confirm it. */
@PageController
final class DeletionPage {

    static final String PATH = SignedInPages.ACCOUNT + "/delete";

    private final SignedInPages pages;
    private final AccountDeletion deletion;
    private final BrowserSession browser;

    DeletionPage(SignedInPages pages, AccountDeletion deletion, BrowserSession browser) {
        this.pages = pages;
        this.deletion = deletion;
        this.browser = browser;
    }

    @GetMapping(PATH)
    ModelAndView show(HttpServletRequest request) {
        return pages.forSignedIn(request, PATH, signedIn -> form(HttpStatus.OK, signedIn.identity().email(), null));
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView delete(@RequestParam(name = "password", defaultValue = "") String password,
            HttpServletRequest request, HttpServletResponse response) {
        return pages.forSignedIn(request, PATH, signedIn -> {
            try {
                deletion.delete(signedIn, password, request.getRemoteAddr());
            } catch (RequestRefused e) {
                e.addRetryAfter(response);
                return form(e.status(), signedIn.identity().email(), SignedInPages.refusal(request, e));
            }
            response.addHeader(HttpHeaders.SET_COOKIE, browser.signOut(request));
            return pages.render(HttpStatus.OK, "account-deleted");
        });
    }

    private ModelAndView form(HttpStatus status, String email, String error) {
        return pages.render(status, "account-delete").addObject("email", email).addObject("error", error);
    }
}
