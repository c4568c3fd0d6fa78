package io.cardea.server.oauth2;

import io.cardea.server.web.RequestRefused;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * What an operator says about an OAuth2 client. Checked before anything is stored: a refused
 * description names the field at fault (as the admin API spells it) and changes nothing.
 */
public record ClientDescription(String name, Clients.Kind kind, List<String> redirectUris,
        List<String> postLogoutRedirectUris, Set<String> grantTypes, Set<String> scopes, boolean requirePkce) {

    /** The scope that lets a client's own token (client_credentials) call the admin API. */
    public static final String ADMIN_SCOPE = "cardea:admin";

    public static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials");

    /** RFC 6749's scope-token: printable ASCII without space, quote or backslash. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");

    public ClientDescription {
        redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
        postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
        grantTypes = grantTypes == null ? Set.of() : Set.copyOf(grantTypes);
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** What a client of this kind is given when the operator says nothing else. */
    public static ClientDescription withDefaults(String name, Clients.Kind kind, List<String> redirectUris,
            List<String> postLogoutRedirectUris) {
        return new ClientDescription(name, kind, redirectUris, postLogoutRedirectUris,
                kind == Clients.Kind.PUBLIC ? Set.of("authorization_code")
                        : Set.of("authorization_code", "refresh_token", "client_credentials"),
                Set.of("openid", "profile", "email"), kind == Clients.Kind.PUBLIC);
    }

    /** Throws {@link RequestRefused} (400) for the first rule the description breaks. */
    void check() {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw invalid("name", "name is 1 to 200 characters.");
        }
        if (kind == null) {
            throw invalid("type", "type is 'confidential' or 'public'.");
        }
        if (grantTypes.isEmpty() || !GRANT_TYPES.containsAll(grantTypes)) {
            throw invalid("grant_types", "grant_types are one or more of authorization_code, refresh_token and "
                    + "client_credentials.");
        }
        if (kind == Clients.Kind.PUBLIC && !grantTypes.equals(Set.of("authorization_code"))) {
            throw invalid("grant_types", "A public client has no secret to authenticate with: its only grant type "
                    + "is authorization_code.");
        }
        if (kind == Clients.Kind.PUBLIC && !requirePkce) {
            throw invalid("require_pkce", "A public client must use PKCE.");
        }
        if (grantTypes.contains("authorization_code") && redirectUris.isEmpty()) {
            throw invalid("redirect_uris", "The authorization_code grant needs at least one redirect URI.");
        }
        redirectUris.forEach(uri -> checkRedirect("redirect_uris", uri));
        postLogoutRedirectUris.forEach(uri -> checkRedirect("post_logout_redirect_uris", uri));
        for (String scope : scopes) {
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                throw invalid("scopes", "A scope is 1 to 100 printable ASCII characters without spaces, quotes or "
                        + "backslashes.");
            }
        }
        if (scopes.contains(ADMIN_SCOPE) && (kind != Clients.Kind.CONFIDENTIAL
                || !grantTypes.contains("client_credentials"))) {
            throw invalid("scopes", ADMIN_SCOPE + " is for confidential clients with the client_credentials grant.");
        }
    }

    /** https anywhere; plain http only back to this machine (native and development apps); never a fragment. */
    private static void checkRedirect(String field, String text) {
        URI uri;
        try {
            uri = new URI(text == null ? "" : text);
        } catch (URISyntaxException e) {
            throw invalid(field, "'" + text + "' is not a URI.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null) {
            throw invalid(field, "'" + text + "' is not an absolute URI with a host.");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(field, "'" + text + "' has a fragment; redirect URIs may not.");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
            throw invalid(field, "'" + text + "' is neither https nor http to a loopback address.");
        }
    }

    private static RequestRefused invalid(String field, String message) {
        return new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_" + field, field, message);
    }
}
