package io.cardea.server.account;

import io.cardea.server.pages.Page;
import io.cardea.server.pages.PageController;
import io.cardea.server.session.BrowserSession;
import io.cardea.server.session.OwnSessions;
import io.cardea.server.session.SessionView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** One's signed-in browsers and devices: which they are, and signing one or all the others out. */
@PageController
final class SessionsPage {

    static final String PATH = SignedInPages.ACCOUNT + "/sessions";

    /** A session as the page lists it, its times in words; an unknown browser or address is null. */
    record Shown(UUID id, String userAgent, String address, String signedIn, String lastSeen, boolean current) {
        static Shown of(SessionView s, DateTimeFormatter times) {
            return new Shown(s.id(), s.userAgent() == null || s.userAgent().isBlank() ? null : s.userAgent(),
                    s.ipAddress(), times.format(s.createdAt()), times.format(s.lastSeenAt()), s.current());
        }
    }

    private final SignedInPages pages;
    private final OwnSessions sessions;
    private final BrowserSession browser;

    SessionsPage(SignedInPages pages, OwnSessions sessions, BrowserSession browser) {
        this.pages = pages;
        this.sessions = sessions;
        this.browser = browser;
    }

    @GetMapping(PATH)
    ModelAndView show(HttpServletRequest request) {
        return pages.forSignedIn(request, PATH, signedIn -> {
            DateTimeFormatter times = SignedInPages.times(request);
            return pages.render(HttpStatus.OK, "account-sessions")
                    .addObject("sessions", sessions.of(signedIn).stream().map(s -> Shown.of(s, times)).toList());
        });
    }

    /** Signing out the session that asks ends on the signed-out page, as the sign-out button does. */
    @PostMapping(path = PATH + "/sign-out", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView signOut(@RequestParam(name = "session", defaultValue = "") String session,
            HttpServletRequest request, HttpServletResponse response) {
        return pages.forSignedIn(request, PATH, signedIn -> {
            UUID id = parse(session);
            if (id.equals(signedIn.sessionId())) {
                response.addHeader(HttpHeaders.SET_COOKIE, browser.signOut(request));
                return Page.seeOther("/signed-out");
            }
            sessions.end(signedIn, id);
            return Page.seeOther(PATH);
        });
    }

    @PostMapping(path = PATH + "/sign-out-others", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ModelAndView signOutOthers(HttpServletRequest request) {
        return pages.forSignedIn(request, PATH, signedIn -> {
            sessions.endOthers(signedIn);
            return Page.seeOther(PATH);
        });
    }

    /** A malformed id is no one's session: the nil UUID, which {@link OwnSessions#end} answers 404. */
    private static UUID parse(String session) {
        try {
            return UUID.fromString(session);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }
}
