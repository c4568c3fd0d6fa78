package io.cardea.server.account;

import io.cardea.server.pages.MaintenanceBanner;
import io.cardea.server.pages.Page;
import io.cardea.server.session.BrowserSession;
import io.cardea.server.session.BrowserSession.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every account page shares: it is for the signed-in person only, and a browser without a
 * live session is sent to sign in (303) and brought back to the page afterwards.
 */
final class SignedInPages {

    static final String ACCOUNT = "/account";

    /** Times on the pages: the server cannot know the reader's zone without a script, so UTC, and said so. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

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

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
