// A real OpenID Connect relying party (the openid-client package) against a running Cardea server.
// It signs a user in through Cardea's own sign-in and consent forms, as a browser would, then uses
// the tokens. Prints one JSON object with each step's result; exits 1 on the first failure.
//
// Environment: CARDEA_URL (the issuer), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, USER_EMAIL,
// USER_PASSWORD. Tokens are never printed, only what the tests assert on.
import * as oidc from 'openid-client';
import { env, signInAndConsent } from './forms.mjs';

const result = {};
try {
  const config = await oidc.discovery(new URL(env('CARDEA_URL')), env('CLIENT_ID'), env('CLIENT_SECRET'),
    oidc.ClientSecretBasic(env('CLIENT_SECRET')), { execute: [oidc.allowInsecureRequests] });
  const meta = config.serverMetadata();
  result.discovery = { issuer: meta.issuer, pkce: meta.code_challenge_methods_supported ?? [] };

  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const request = oidc.buildAuthorizationUrl(config, {
    redirect_uri: env('REDIRECT_URI'), scope: 'openid email', state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const { callback, pages } = await signInAndConsent(request, env('REDIRECT_URI'), env('USER_EMAIL'),
    env('USER_PASSWORD'));
  result.authorization = { pages, code: callback.searchParams.has('code'), state: callback.searchParams.get('state') === state };

  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
  const claims = tokens.claims();
  result.token = { tokenType: tokens.token_type, scope: tokens.scope, idToken: { sub: claims.sub, email: claims.email },
    refreshToken: Boolean(tokens.refresh_token) };

  const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  result.userinfo = { sub: userinfo.sub, email: userinfo.email };

  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
  result.refresh = { accessToken: Boolean(refreshed.access_token), rotated: refreshed.refresh_token !== tokens.refresh_token };

  const introspected = await oidc.tokenIntrospection(config, refreshed.access_token);
  result.introspection = { active: introspected.active, sub: introspected.sub, clientId: introspected.client_id };

  await oidc.tokenRevocation(config, refreshed.access_token);
  result.revocation = { activeAfter: (await oidc.tokenIntrospection(config, refreshed.access_token)).active };
} catch (e) {
  result.error = `${e.name}: ${e.message}${e.cause ? ` (${JSON.stringify(e.cause)})` : ''}`;
  process.exitCode = 1;
}
console.log(JSON.stringify(result));
