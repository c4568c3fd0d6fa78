package io.cardea.server.account;

import io.cardea.server.pages.Page;
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

/**
 * Changing one's address from a page: the new address and the current password, then the code
 * from the mail to the new address (or its link, which confirms when opened, on any device).
 */
@PageController
final class EmailPage {

    static final String PATH = SignedInPages.ACCOUNT + "/email";

    private final SignedInPages pages;
    private final EmailChange emailChange;

    EmailPage(SignedInPages pages, EmailChange emailChange) {
        this.pages = pages;
        this.emailChange = emailChange;
    }

    @GetMapping(PATH)
    ModelAndView show(HttpServletRequest request) {
        return pages.forSignedIn(request, PATH, signedIn -> form(HttpStatus.OK, "", null, null));
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView change(@RequestParam(name = "new_email", defaultValue = "") String newEmail,
            @RequestParam(name = "current_password", defaultValue = "") String current, HttpServletRequest request,
            HttpServletResponse response) {
        return pages.forSignedIn(request, PATH, signedIn -> {
            try {
                emailChange.request(signedIn, newEmail, current, request);
            } catch (RequestRefused e) {
                e.addRetryAfter(response);
                return form(e.status(), newEmail, e.error().field(), SignedInPages.refusal(request, e));
            }
            return codeForm(HttpStatus.OK, newEmail.strip(), null);
        });
    }

    @PostMapping(path = EmailChange.LINK_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView confirmWithCode(@RequestParam(name = "new_email", defaultValue = "") String newEmail,
            @RequestParam(name = "code", defaultValue = "") String code, HttpServletRequest request) {
        try {
            emailChange.confirmWithCode(newEmail, code, request);
        } catch (RequestRefused e) {
            return codeForm(e.status(), newEmail, SignedInPages.refusal(request, e));
        }
        return pages.render(HttpStatus.OK, "account-email-changed").addObject("email", newEmail.strip());
    }

    /** Confirms when opened, as a verification link does: all it proves is that the mail arrived. */
    @GetMapping(EmailChange.LINK_PATH)
    ModelAndView confirmWithLink(@RequestParam(name = "token", defaultValue = "") String token,
            HttpServletRequest request) {
        try {
            emailChange.confirmWithLink(token, request);
        } catch (RequestRefused e) {
            return Page.error(e.status(), "account.email.error." + e.error().error(), e.error().message(), request,
                    EmailChange.LINK_PATH);
        }
        return pages.render(HttpStatus.OK, "account-email-changed");
    }

    private ModelAndView form(HttpStatus status, String newEmail, String field, String error) {
        return pages.render(status, "account-email").addObject("newEmail", newEmail).addObject("field", field)
                .addObject("error", error);
    }

    private ModelAndView codeForm(HttpStatus status, String newEmail, String error) {
        return pages.render(status, "account-email-code").addObject("newEmail", newEmail).addObject("error", error);
    }
}
