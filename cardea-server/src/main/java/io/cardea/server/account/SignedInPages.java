package io.cardea.server.account;

import io.cardea.server.pages.MaintenanceBanner;
import io.cardea.server.pages.Page;
import io.cardea.server.pages.PageText;
import io.cardea.server.session.BrowserSession;
import io.cardea.server.session.BrowserSession.SignedIn;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * What every account page shares: it is for the signed-in person only, and a browser without a
 * live session is sent to sign in (303) and brought back to the page afterwards.
 */
final class SignedInPages {

    static final String ACCOUNT = "/account";

    private final BrowserSession browser;
    private final MaintenanceBanner banner;

    SignedInPages(BrowserSession browser, MaintenanceBanner banner) {
        this.browser = browser;
        this.banner = banner;
    }

    /**
     * {@code page} for the request's signed-in person, or a 303 to the sign-in page that returns to
     * {@code returnTo} (a page to GET, also when the request was a form's post).
     */
    ModelAndView forSignedIn(HttpServletRequest request, String returnTo, Function<SignedIn, ModelAndView> page) {
        return browser.current(request).map(page).orElseGet(() -> Page.seeOther("/sign-in?return_to="
                + URLEncoder.encode(returnTo, StandardCharsets.UTF_8)));
    }

    /** The template {@code name} with the maintenance banner, as every page has it. */
    ModelAndView render(HttpStatus status, String name) {
        return Page.render(status, name).addObject("banner", banner.now().orElse(null));
    }

    /**
     * Times on the pages, in the reader's language: the server cannot know the reader's zone without
     * a script, so UTC, and said so.
     */
    static DateTimeFormatter times(HttpServletRequest request) {
        return DateTimeFormatter.ofPattern(PageText.of(request, "account.time-format", "d MMMM yyyy, HH:mm 'UTC'"),
                RequestContextUtils.getLocale(request)).withZone(ZoneOffset.UTC);
    }

    /**
     * A refusal's words on an account page, in the reader's language: a wrong password here is the
     * current password, not sign-in's address or password.
     */
    static String refusal(HttpServletRequest request, RequestRefused refused) {
        return refused.error().error().equals("invalid_credentials")
                ? PageText.of(request, "account.error.wrong-password", refused.error().message())
                : PageText.of(request, refused);
    }
}
