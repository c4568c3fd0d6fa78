package io.cardea.server.account;

import io.cardea.server.identity.PasswordSettings;
import io.cardea.server.pages.PageController;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** Changing one's password from a page: the current one, then the new one; the same checks as the JSON API. */
@PageController
final class PasswordPage {

    static final String PATH = SignedInPages.ACCOUNT + "/password";

    private final SignedInPages pages;
    private final PasswordChange passwordChange;
    private final int minLength;

    PasswordPage(SignedInPages pages, PasswordChange passwordChange, PasswordSettings passwords) {
        this.pages = pages;
        this.passwordChange = passwordChange;
        this.minLength = passwords.minLength();
    }

    @GetMapping(PATH)
    ModelAndView show(HttpServletRequest request) {
        return pages.forSignedIn(request, PATH, signedIn -> form(HttpStatus.OK, null, null));
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView change(@RequestParam(name = "current_password", defaultValue = "") String current,
            @RequestParam(name = "new_password", defaultValue = "") String newPassword, HttpServletRequest request,
            HttpServletResponse response) {
        return pages.forSignedIn(request, PATH, signedIn -> {
            try {
                passwordChange.change(signedIn, current, newPassword, request);
            } catch (RequestRefused e) {
                e.addRetryAfter(response);
                return form(e.status(), e.error().field(), SignedInPages.refusal(request, e));
            }
            return form(HttpStatus.OK, null, null).addObject("changed", true);
        });
    }

    private ModelAndView form(HttpStatus status, String field, String error) {
        return pages.render(status, "account-password").addObject("field", field).addObject("error", error)
                .addObject("minLength", minLength);
    }
}
