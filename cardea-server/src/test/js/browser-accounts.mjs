// Debian's Chromium, headless and with JavaScript off, driven by playwright-core through the account
// pages a person meets: signs up on Cardea's page, opens the confirmation link from the mail,
// signs in (and, in a second browser, signs in again: the "old device"), forgets the password,
// asks for a code on the "Forgot your password?" page, opens the link from the mail, sets a new
// password, and signs in with it. The mail is read from the test's mailbox (MAILBOX_URL), which a
// real SMTP server filled. Prints one JSON object with each step's result; exits 1 on failure.
//
// Environment: CARDEA_URL, MAILBOX_URL, USER_EMAIL, OLD_PASSWORD, NEW_PASSWORD, USER_DATA_DIR.
import { chromium } from 'playwright-core';
import { env } from './forms.mjs';

const result = { steps: [] };
let browser;
let otherBrowser;

/** The link of the newest mail to USER_EMAIL whose subject starts with `subject`, waiting for it. */
async function link(subject) {
  const url = new URL(env('MAILBOX_URL'));
  url.searchParams.set('to', env('USER_EMAIL'));
  url.searchParams.set('subject', subject);
  const answer = await fetch(url);
  if (answer.status !== 200) throw new Error(`no mail "${subject}": ${answer.status} ${await answer.text()}`);
  return (await answer.json()).link;
}

async function launch(dir) {
  return chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, timeout: 30_000, javaScriptEnabled: false,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function step(page, name) {
  result.steps.push({ name, path: new URL(page.url()).pathname, heading: (await page.textContent('h1'))?.trim() });
}

async function signIn(page, password) {
  await page.goto(new URL('/sign-in', env('CARDEA_URL')).href);
  await page.getByLabel('Email').fill(env('USER_EMAIL'));
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
}

try {
  browser = await launch(`${env('USER_DATA_DIR')}/person`);
  const page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(15_000);

  await page.goto(new URL('/sign-up', env('CARDEA_URL')).href);
  await page.getByLabel('Email').fill(env('USER_EMAIL'));
  await page.getByLabel('Password').fill(env('OLD_PASSWORD'));
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForSelector('h1');
  await step(page, 'signed-up');

  await page.goto(await link('Confirm your email address'));
  await step(page, 'verified');

  await signIn(page, env('OLD_PASSWORD'));
  await step(page, 'signed-in');

  // Another device, signed in before the password is reset.
  otherBrowser = await launch(`${env('USER_DATA_DIR')}/other-device`);
  const other = otherBrowser.pages()[0] ?? await otherBrowser.newPage();
  await signIn(other, env('OLD_PASSWORD'));
  result.otherDeviceBefore = (await other.goto(new URL('/sessions/whoami', env('CARDEA_URL')).href)).status();

  // Forgotten: from the sign-in page's link.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(url => url.pathname === '/signed-out');
  await page.goto(new URL('/sign-in', env('CARDEA_URL')).href);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await step(page, 'recovery');
  await page.getByLabel('Email').fill(env('USER_EMAIL'));
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.waitForSelector('input[name="code"]');
  await step(page, 'recovery-code');

  await page.goto(await link('Reset your'));
  await step(page, 'new-password');
  await page.getByLabel('New password').fill(env('NEW_PASSWORD'));
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.waitForSelector('h1:text("Password changed")');
  await step(page, 'password-changed');

  await signIn(page, env('OLD_PASSWORD'));
  result.oldPasswordError = (await page.textContent('#form-error'))?.trim();
  await signIn(page, env('NEW_PASSWORD'));
  await step(page, 'signed-in-again');

  result.otherDeviceAfter = (await other.goto(new URL('/sessions/whoami', env('CARDEA_URL')).href)).status();
} catch (e) {
  result.error = `${e.name}: ${e.message}`;
  process.exitCode = 1;
} finally {
  await browser?.close();
  await otherBrowser?.close();
}
console.log(JSON.stringify(result));
