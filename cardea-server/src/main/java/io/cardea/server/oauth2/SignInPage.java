package io.cardea.server.oauth2;

import io.cardea.server.session.BrowserSession;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The sign-in page for browsers: a plain form, protected against cross-site posts by a CSRF token
 * (double-submit cookie, so no server-side state), signing in through the same checks as the JSON
 * API and then returning to the authorization request that sent the browser here.
 */
@Controller
final class SignInPage {

    static final String PATH = "/sign-in";

    /**
     * Only the authorization endpoint of this server is a place to return to: anything else would
     * make the page an open redirect.
     */
    private static final Pattern RETURN_TO = Pattern.compile("/oauth2/authorize(\\?[^\\s\\\\]*)?");

    private final BrowserSession sessions;

    SignInPage(BrowserSession sessions) {
        this.sessions = sessions;
    }

    @GetMapping(PATH)
    ResponseEntity<String> show(@RequestParam(name = "return_to", required = false) String returnTo,
            HttpServletRequest request) {
        return page(HttpStatus.OK, request, safe(returnTo), "", null);
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> signIn(@RequestParam(name = "email", defaultValue = "") String email,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "return_to", required = false) String returnTo, HttpServletRequest request) {
        String target = safe(returnTo);
        String cookie;
        try {
            cookie = sessions.signIn(email, password, request);
        } catch (RequestRefused e) {
            return page(e.status(), request, target, email, e.error().message());
        }
        if (target.isEmpty()) {
            return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie).contentType(MediaType.TEXT_HTML)
                    .body(html("Signed in", "<p>You are signed in.</p>"));
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.SET_COOKIE, cookie)
                .header(HttpHeaders.LOCATION, target).build();
    }

    private static String safe(String returnTo) {
        return returnTo != null && RETURN_TO.matcher(returnTo).matches() ? returnTo : "";
    }

    private static ResponseEntity<String> page(HttpStatus status, HttpServletRequest request, String returnTo,
            String email, String error) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String form = (error == null ? "" : "<p role=\"alert\">" + HtmlUtils.htmlEscape(error) + "</p>")
                + "<form method=\"post\" action=\"" + PATH + "\">"
                + "<input type=\"hidden\" name=\"" + csrf.getParameterName() + "\" value=\""
                + HtmlUtils.htmlEscape(csrf.getToken()) + "\">"
                + "<input type=\"hidden\" name=\"return_to\" value=\"" + HtmlUtils.htmlEscape(returnTo) + "\">"
                + "<p><label for=\"email\">Email</label><br><input id=\"email\" name=\"email\" type=\"email\" "
                + "autocomplete=\"username\" required value=\"" + HtmlUtils.htmlEscape(email) + "\"></p>"
                + "<p><label for=\"password\">Password</label><br><input id=\"password\" name=\"password\" "
                + "type=\"password\" autocomplete=\"current-password\" required></p>"
                + "<p><button type=\"submit\">Sign in</button></p></form>";
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html("Sign in", form));
    }

    private static String html(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + " · Cardea</title></head>"
                + "<body><main><h1>" + title + "</h1>" + body + "</main></body></html>";
    }
}
