// Debian's Chromium, headless, driven by playwright-core: a new user signs up (JSON API, there is no
// sign-up page yet), then the browser signs in on Cardea's page, approves consent and lands on the
// client's redirect URI. Prints one JSON object with each step's result; exits 1 on failure.
//
// Environment: CARDEA_URL, CLIENT_ID (a public client), REDIRECT_URI, STATE, USER_EMAIL,
// USER_PASSWORD, USER_DATA_DIR (a fresh directory), SCREENSHOT (where to save the sign-in page).
import { chromium } from 'playwright-core';
import * as oidc from 'openid-client';
import { env } from './forms.mjs';

const result = {};
let browser;
try {
  const signUp = await fetch(new URL('/self-service/registration', env('CARDEA_URL')), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env('USER_EMAIL'), password: env('USER_PASSWORD') }) });
  result.signUp = signUp.status;

  const config = await oidc.discovery(new URL(env('CARDEA_URL')), env('CLIENT_ID'), undefined, oidc.None(),
    { execute: [oidc.allowInsecureRequests] });
  const authorization = oidc.buildAuthorizationUrl(config, {
    redirect_uri: env('REDIRECT_URI'), scope: 'openid email', state: env('STATE'),
    code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
  });

  browser = await chromium.launchPersistentContext(env('USER_DATA_DIR'), {
    executablePath: '/usr/bin/chromium', headless: true, timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(15_000);
  // Nothing listens on the client's redirect URI: answer for it, as the client's page would.
  await page.route(`${env('REDIRECT_URI')}**`, route => route.fulfill({ contentType: 'text/plain', body: 'client' }));

  await page.goto(authorization.href);
  result.signInPage = { path: new URL(page.url()).pathname, title: await page.title() };
  await page.screenshot({ path: env('SCREENSHOT'), fullPage: true });
  await page.getByLabel('Email').fill(env('USER_EMAIL'));
  await page.getByLabel('Password').fill(env('USER_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.waitForSelector('#submit-consent');
  result.consentPage = { path: new URL(page.url()).pathname };
  await page.check('input[name="scope"][value="email"]');
  await page.click('#submit-consent');

  await page.waitForURL(url => url.href.startsWith(env('REDIRECT_URI')));
  result.finalUrl = page.url();
} catch (e) {
  result.error = `${e.name}: ${e.message}`;
  process.exitCode = 1;
} finally {
  await browser?.close();
}
console.log(JSON.stringify(result));
