// A person's way through Cardea's pages with plain HTTP: follows redirects, keeps cookies, submits
// the sign-in form and approves the consent form, each with its CSRF token.

export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** Starts at the authorization request; answers the redirect URI Cardea sends back to and the pages passed. */
export async function signInAndConsent(authorizationUrl, redirectUri, email, password) {
  const cookies = new Map();
  const pages = [];
  let response = await send(cookies, new URL(authorizationUrl));
  for (let step = 0; step < 10; step++) {
    if (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.get('location'), response.url);
      if (location.href.startsWith(redirectUri)) return { callback: location, pages };
      response = await send(cookies, location);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${response.status} from ${response.url}: ${html}`);
    const form = new URL(response.url);
    if (html.includes('name="password"')) {
      pages.push('sign-in');
      response = await send(cookies, new URL('/sign-in', form), {
        _csrf: field(html, '_csrf'), return_to: field(html, 'return_to'), email, password });
    } else if (html.includes('name="scope"')) {
      pages.push('consent');
      response = await send(cookies, new URL('/oauth2/authorize', form), {
        _csrf: field(html, '_csrf'), client_id: field(html, 'client_id'), state: field(html, 'state'), scope: 'email' });
    } else {
      throw new Error(`unexpected page ${response.url}: ${html}`);
    }
  }
  throw new Error(`no redirect to ${redirectUri} after ${pages}`);
}

async function send(cookies, url, form) {
  const headers = { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const response = await fetch(url, form
    ? { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams(form) }
    : { redirect: 'manual', headers });
  for (const setCookie of response.headers.getSetCookie()) {
    const [name, value] = setCookie.split(';', 1)[0].split(/=(.*)/s);
    if (value) cookies.set(name, value); else cookies.delete(name);
  }
  // fetch leaves response.url empty for a request it did not follow itself: remember where it went.
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}

/** The value of a hidden field of a form, unescaped. */
function field(html, name) {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  if (!match) throw new Error(`no field ${name} in ${html}`);
  return match[1].replace(/&(#(\d+)|#x([0-9a-f]+)|amp|quot|lt|gt);/gi, (_, entity, dec, hex) =>
    dec ? String.fromCodePoint(+dec) : hex ? String.fromCodePoint(parseInt(hex, 16))
      : { amp: '&', quot: '"', lt: '<', gt: '>' }[entity.toLowerCase()]);
}
