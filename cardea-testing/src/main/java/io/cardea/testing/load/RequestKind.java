package io.cardea.testing.load;

/** What a request of the load does; each is counted on its own. */
public enum RequestKind {
    /** {@code POST /self-service/login} with a password. */
    SIGN_IN,
    /** {@code GET /sessions/whoami}, with a session opened before the load began or by a sign-in of it. */
    WHOAMI,
    /** The authorization code flow through the consent page, done for each identity before the load begins. */
    AUTHORIZATION_CODE,
    /** {@code POST /oauth2/token} with {@code grant_type=client_credentials}. */
    CLIENT_CREDENTIALS,
    /** {@code POST /oauth2/token} with a refresh token, when a user's access token nears its end. */
    REFRESH,
    /** {@code POST /oauth2/introspect} of a live token, issued before the load began or during it. */
    INTROSPECTION,
    /** {@code GET /userinfo} with a user's access token. */
    USERINFO,
    /** {@code GET /oauth2/jwks}, fetched fresh, and every unexpired token issued before the load verified against it. */
    JWKS
}
