package io.cardea.server.oauth2;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.cardea.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URL;

/**
 * An OAuth2/OIDC client application, driven by Nimbus' OAuth2 SDK against a server's discovery
 * document, the way a real relying party talks to Cardea.
 */
final class RelyingParty {

    static final URI REDIRECT_URI = URI.create("http://127.0.0.1:9876/callback");

    private final OIDCProviderMetadata provider;
    private final ClientID clientId;
    private final ClientAuthentication authentication;

    /** {@code secret} null: a public client, which authenticates with nothing but PKCE. */
    RelyingParty(TestServer server, String clientId, String secret) {
        this.provider = discover(server);
        this.clientId = new ClientID(clientId);
        this.authentication = secret == null ? null : new ClientSecretBasic(this.clientId, new Secret(secret));
    }

    static OIDCProviderMetadata discover(TestServer server) {
        try {
            return OIDCProviderMetadata.resolve(new Issuer(server.url("")));
        } catch (Exception e) {
            throw new AssertionError("discovery failed", e);
        }
    }

    OIDCProviderMetadata provider() {
        return provider;
    }

    /** The server-relative authorization request for {@code openid email}, with PKCE unless {@code pkce} is null. */
    String authorizationRequest(CodeVerifier pkce, URI redirectUri) {
        var request = new AuthorizationRequest.Builder(ResponseType.CODE, clientId).scope(new Scope("openid", "email"))
                .redirectionURI(redirectUri).state(new State()).endpointURI(provider.getAuthorizationEndpointURI());
        if (pkce != null) {
            request.codeChallenge(pkce, CodeChallengeMethod.S256);
        }
        return Browser.relative(request.build().toURI().toString());
    }

    static AuthorizationCode code(String redirectLocation) {
        try {
            return AuthorizationResponse.parse(URI.create(redirectLocation)).toSuccessResponse().getAuthorizationCode();
        } catch (Exception e) {
            throw new AssertionError("not a successful authorization response: " + redirectLocation, e);
        }
    }

    HTTPResponse token(AuthorizationGrant grant, Scope scope) {
        TokenRequest request = authentication == null
                ? new TokenRequest(provider.getTokenEndpointURI(), clientId, grant, scope)
                : new TokenRequest(provider.getTokenEndpointURI(), authentication, grant, scope);
        return send(() -> request.toHTTPRequest().send());
    }

    HTTPResponse exchange(AuthorizationCode code, CodeVerifier verifier) {
        return token(new AuthorizationCodeGrant(code, REDIRECT_URI, verifier), null);
    }

    static OIDCTokens tokens(HTTPResponse response) {
        if (response.getStatusCode() != 200) {
            throw new AssertionError("token request refused: " + response.getStatusCode() + " " + response.getBody());
        }
        return send(() -> OIDCTokenResponseParser.parse(response).toSuccessResponse().getTokens()
                .toOIDCTokens());
    }

    UserInfoResponse userInfo(OIDCTokens tokens) {
        return send(() -> UserInfoResponse.parse(new UserInfoRequest(provider.getUserInfoEndpointURI(),
                tokens.getBearerAccessToken()).toHTTPRequest().send()));
    }

    boolean active(Token token) {
        return introspect(token).isActive();
    }

    TokenIntrospectionSuccessResponse introspect(Token token) {
        return send(() -> TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                provider.getIntrospectionEndpointURI(), authentication, token).toHTTPRequest().send())
                .toSuccessResponse());
    }

    HTTPResponse revoke(Token token) {
        return send(() -> new TokenRevocationRequest(provider.getRevocationEndpointURI(), authentication, token)
                .toHTTPRequest().send());
    }

    /** Validates an ID token's signature against a JWKS (any instance's) and its issuer and audience. */
    IDTokenClaimsSet verify(JWT idToken, URL jwks) {
        return send(() -> new IDTokenValidator(provider.getIssuer(), clientId, JWSAlgorithm.RS256, JWKSet.load(jwks))
                .validate(idToken, null));
    }

    /**
     * Whether a signed token (an access token) verifies with the key its {@code kid} names in a JWKS,
     * as a resource server checks it: by the key's own algorithm, whichever it is.
     */
    static boolean verifies(SignedJWT jwt, JWKSet jwks) {
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        if (key == null) {
            return false;
        }
        return send(() -> jwt.verify(key instanceof RSAKey rsa ? new RSASSAVerifier(rsa)
                : new ECDSAVerifier((ECKey) key)));
    }

    interface Call<T> {
        T run() throws Exception;
    }

    static <T> T send(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
