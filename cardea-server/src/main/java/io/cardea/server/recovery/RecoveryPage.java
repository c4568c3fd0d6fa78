package io.cardea.server.recovery;

import io.cardea.server.pages.MaintenanceBanner;
import io.cardea.server.pages.Page;
import io.cardea.server.pages.PageController;
import io.cardea.server.pages.PageText;
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
 * "Forgot your password?" for browsers: the address, then the code from the mail with a new
 * password; or the mail's link, which opens the new password's form directly.
 */
@PageController
final class RecoveryPage {

    static final String PATH = "/recovery";

    private final Recovery recovery;
    private final MaintenanceBanner banner;

    RecoveryPage(Recovery recovery, MaintenanceBanner banner) {
        this.recovery = recovery;
        this.banner = banner;
    }

    @GetMapping(PATH)
    ModelAndView show(HttpServletRequest request) {
        if (!recovery.available()) {
            return unavailable(request);
        }
        return page(HttpStatus.OK, "recovery").addObject("email", "");
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView ask(@RequestParam(name = "email", defaultValue = "") String email, HttpServletRequest request,
            HttpServletResponse response) {
        try {
            recovery.request(email, request);
        } catch (RequestRefused e) {
            e.addRetryAfter(response);
            return page(e.status(), "recovery").addObject("email", email).addObject("error", PageText.of(request, e));
        }
        return codeForm(HttpStatus.OK, email.strip(), null);
    }

    @PostMapping(path = PATH + "/code", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView withCode(@RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "code", defaultValue = "") String code,
            @RequestParam(name = "password", defaultValue = "") String password, HttpServletRequest request) {
        try {
            recovery.completeWithCode(email, code, password, request);
        } catch (RequestRefused e) {
            return codeForm(e.status(), email, PageText.of(request, e));
        }
        return page(HttpStatus.OK, "recovery-done");
    }

    @GetMapping(Recovery.LINK_PATH)
    ModelAndView linkForm(@RequestParam(name = "token", defaultValue = "") String token, HttpServletRequest request) {
        if (!recovery.linkIsLive(token)) {
            return expired(request);
        }
        return page(HttpStatus.OK, "recovery-new-password").addObject("token", token);
    }

    @PostMapping(path = Recovery.LINK_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView withLink(@RequestParam(name = "token", defaultValue = "") String token,
            @RequestParam(name = "password", defaultValue = "") String password, HttpServletRequest request) {
        try {
            recovery.completeWithLink(token, password, request);
        } catch (RequestRefused e) {
            if (e.error().error().equals("invalid_code")) {
                return expired(request);
            }
            return page(e.status(), "recovery-new-password").addObject("token", token)
                    .addObject("error", PageText.of(request, e));
        }
        return page(HttpStatus.OK, "recovery-done");
    }

    private ModelAndView codeForm(HttpStatus status, String email, String error) {
        return page(status, "recovery-code").addObject("email", email).addObject("error", error);
    }

    private ModelAndView expired(HttpServletRequest request) {
        return Page.error(HttpStatus.BAD_REQUEST, "recovery.error.expired",
                "This link is expired or was used already. Ask for a new one on the "
                + "\"Forgot your password?\" page.", request, Recovery.LINK_PATH);
    }

    private ModelAndView unavailable(HttpServletRequest request) {
        return Page.error(HttpStatus.SERVICE_UNAVAILABLE, "recovery.error.unavailable",
                "Password recovery is not available on this server.",
                request, PATH);
    }

    private ModelAndView page(HttpStatus status, String template) {
        return Page.render(status, template).addObject("banner", banner.now().orElse(null));
    }
}
