package io.cardea.server.oauth2;

import io.cardea.server.pages.Page;
import io.cardea.server.session.BrowserSession;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import io.cardea.server.pages.PageController;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The consent page the authorization endpoint sends a signed-in person to: which app asks, for
 * what, in plain words. Allow posts the chosen scopes back to the authorization endpoint; Deny
 * posts none, which the endpoint answers by sending the person back to the app with access_denied.
 */
@PageController
final class ConsentPage {

    static final String PATH = "/consent";

    /** A scope and what it lets the app do, as the page says it. */
    record Scope(String value, String words) {}

    private static final Map<String, String> WORDS = Map.of(
            OidcScopes.OPENID, "Know who you are (your Cardea account id)",
            OidcScopes.PROFILE, "See your profile",
            OidcScopes.EMAIL, "See your email address");

    private final BrowserSession sessions;
    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationConsentService consents;

    ConsentPage(BrowserSession sessions, RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents) {
        this.sessions = sessions;
        this.clients = clients;
        this.consents = consents;
    }

    @GetMapping(PATH)
    ModelAndView show(@RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "scope", required = false) String scope,
            @RequestParam(name = "state", required = false) String state, HttpServletRequest request) {
        var signedIn = sessions.current(request);
        if (signedIn.isEmpty()) {
            return Page.error(HttpStatus.UNAUTHORIZED, "consent.error.sign-in-first",
                    "Sign in first, then start again from the app.", request, PATH);
        }
        RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
        if (client == null || state == null || scope == null) {
            return Page.error(HttpStatus.BAD_REQUEST, "consent.error.incomplete",
                    "This consent request is incomplete. Start again from the app.",
                    request, PATH);
        }
        OAuth2AuthorizationConsent earlier = consents.findById(client.getId(), signedIn.get().identity().id().toString());
        Set<String> allowed = earlier == null ? Set.of() : earlier.getScopes();
        Set<String> requested = new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
        requested.remove(OidcScopes.OPENID); // granted with any other scope; Spring adds it itself
        List<Scope> toAsk = requested.stream().filter(s -> !allowed.contains(s)).map(ConsentPage::scope).toList();
        List<Scope> asked = requested.stream().filter(allowed::contains).map(ConsentPage::scope).toList();
        return Page.render(HttpStatus.OK, "consent").addObject("clientName", client.getClientName())
                .addObject("clientId", client.getClientId()).addObject("state", state)
                .addObject("email", signedIn.get().identity().email())
                .addObject("scopes", toAsk).addObject("approved", asked);
    }

    private static Scope scope(String value) {
        return new Scope(value, WORDS.getOrDefault(value, "Use \u201c" + value + "\u201d"));
    }
}
