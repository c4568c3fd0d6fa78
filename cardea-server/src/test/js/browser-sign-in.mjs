// Debian's Chromium, headless and with JavaScript switched off (Cardea's pages must work without
// it), driven by playwright-core: a new user signs up on Cardea's page, signs out, then an app's
// authorization request brings them to the sign-in page and the consent page and back to the app
// with a code, which this script exchanges. On every page it measures each link, button and input
// (at least 24x24 CSS pixels, WCAG 2.2 2.5.8), the contrast of its text (at least 4.5:1) and the
// keyboard focus outline, and saves a screenshot; it records any request to a host other than
// 127.0.0.1. Prints one JSON object with each step's result; exits 1 on failure.
//
// Environment: CARDEA_URL, CLIENT_ID (a public client), REDIRECT_URI, STATE, USER_EMAIL,
// USER_PASSWORD, USER_DATA_DIR (a fresh directory), SCREENSHOTS (a directory for NAME.png).
import { chromium } from 'playwright-core';
import * as oidc from 'openid-client';
import { env } from './forms.mjs';

const result = { pages: {}, outsideRequests: [] };
let browser;

/** Title, path, lang, screenshot and the size of every control of the page now shown, as `name`. */
async function look(page, name) {
  await page.screenshot({ path: `${env('SCREENSHOTS')}/${name}.png`, fullPage: true });
  const targets = await page.$$eval('a, button, input:not([type="hidden"]), select, textarea', elements =>
    elements.map(e => {
      const box = e.getBoundingClientRect();
      return { element: `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}`, width: box.width, height: box.height };
    }));
  // WCAG contrast of each element's own text against the first opaque background behind it.
  const contrasts = await page.$$eval('h1, p, label, a, button, span, li, div', elements => {
    const rgb = text => text.match(/[\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
      const [R, G, B] = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const background = e => {
      for (let at = e; at; at = at.parentElement) {
        const color = rgb(getComputedStyle(at).backgroundColor);
        if (color.length < 4 || color[3] > 0) return color;
      }
      return [255, 255, 255];
    };
    return elements.filter(e => [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
      .map(e => {
        const [a, b] = [luminance(rgb(getComputedStyle(e).color)), luminance(background(e))];
        return { element: e.tagName.toLowerCase(), text: e.textContent.trim().slice(0, 40),
          ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
      });
  });
  // Keyboard focus must show: the first control reached with Tab draws an outline.
  await page.keyboard.press('Tab');
  const focus = await page.$eval(':focus', e => ({ element: e.tagName.toLowerCase(),
    outline: getComputedStyle(e).outlineStyle, width: parseFloat(getComputedStyle(e).outlineWidth) }));
  result.pages[name] = {
    focusVisible: focus.outline !== 'none' && focus.width >= 2,
    path: new URL(page.url()).pathname, title: await page.title(),
    lang: await page.getAttribute('html', 'lang'), targets: targets.length,
    tooSmall: targets.filter(t => t.width < 24 || t.height < 24),
    texts: contrasts.length, lowContrast: contrasts.filter(c => c.ratio < 4.5),
  };
}

try {
  const config = await oidc.discovery(new URL(env('CARDEA_URL')), env('CLIENT_ID'), undefined, oidc.None(),
    { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const authorization = oidc.buildAuthorizationUrl(config, {
    redirect_uri: env('REDIRECT_URI'), scope: 'openid email', state: env('STATE'),
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });

  browser = await chromium.launchPersistentContext(env('USER_DATA_DIR'), {
    executablePath: '/usr/bin/chromium', headless: true, timeout: 30_000, javaScriptEnabled: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(15_000);
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') result.outsideRequests.push(url.href);
  });
  // Nothing listens on the client's redirect URI: answer for it, as the client's page would.
  await page.route(`${env('REDIRECT_URI')}**`, route => route.fulfill({ contentType: 'text/plain', body: 'client' }));

  await page.goto(new URL('/sign-up', env('CARDEA_URL')).href);
  await look(page, 'sign-up');
  await page.getByLabel('Email').fill(env('USER_EMAIL'));
  await page.getByLabel('Password').fill(env('USER_PASSWORD'));
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForSelector('h1:text("Signed in")');
  await look(page, 'signed-in');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(url => url.pathname === '/signed-out');
  await look(page, 'signed-out');

  await page.goto(authorization.href);
  await look(page, 'sign-in');
  await page.getByLabel('Email').fill(env('USER_EMAIL'));
  await page.getByLabel('Password').fill(env('USER_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.waitForSelector('#submit-consent');
  await look(page, 'consent');
  await page.check('input[name="scope"][value="email"]');
  await page.click('#submit-consent');

  await page.waitForURL(url => url.href.startsWith(env('REDIRECT_URI')));
  result.finalUrl = page.url();
  const tokens = await oidc.authorizationCodeGrant(config, new URL(result.finalUrl),
    { pkceCodeVerifier: verifier, expectedState: env('STATE') });
  result.tokens = { accessToken: Boolean(tokens.access_token), email: tokens.claims()?.email };

  await page.goto(new URL('/oauth2/authorize?response_type=code&client_id=nobody', env('CARDEA_URL')).href);
  await look(page, 'error');
} catch (e) {
  result.error = `${e.name}: ${e.message}`;
  process.exitCode = 1;
} finally {
  await browser?.close();
}
console.log(JSON.stringify(result));
