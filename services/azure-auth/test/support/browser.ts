import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export const loginHost = 'login.microsoftonline.test';
export const adminWebServiceHost = 'adminwebservice.microsoftonline.test';
export const exchangeOnline = '00000002-0000-0ff1-ce00-000000000000';
export const owaRedirect = 'https://outlook.office365.test/owa/';

/** The authorize URL Exchange Online sends a browser to (docs/identity.md, exchange-online). */
export function authorizeUrl(overrides: Record<string, string | undefined> = {}, tenant = 'common'): string {
  const parameters = {
    client_id: exchangeOnline,
    redirect_uri: owaRedirect,
    resource: exchangeOnline,
    response_mode: 'form_post',
    response_type: 'code id_token',
    scope: 'openid',
    nonce: 'nonce-123',
    state: 'state-456',
    ...overrides,
  };
  const query = new URLSearchParams(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `/${tenant}/oauth2/authorize?${query}`;
}

/** The hidden and named inputs of a page's first form, by name. */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]!] ??= match[2]!.replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code)));
  }
  return fields;
}

/** A browser for `inject`: it keeps cookies between requests, as a real one would. */
export class Browser {
  readonly cookies = new Map<string, string>();
  #app: FastifyInstance;

  constructor(app: FastifyInstance) {
    this.#app = app;
  }

  /** The same browser, cookies and all, talking to a rebuilt app (a restarted server). */
  reconnect(app: FastifyInstance): this {
    this.#app = app;
    return this;
  }

  #cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date }[]) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now())) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  async get(url: string, host = loginHost): Promise<LightMyRequestResponse> {
    return this.#keep(await this.#app.inject({ method: 'GET', url, headers: { host, cookie: this.#cookieHeader() } }));
  }

  async post(url: string, form: Record<string, string>, host = loginHost): Promise<LightMyRequestResponse> {
    const payload = new URLSearchParams(form).toString();
    return this.#keep(await this.#app.inject({ method: 'POST', url, payload, headers: { host, cookie: this.#cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } }));
  }
}

/** The username → password journey; returns the last page (the form_post on success). */
export async function signIn(browser: Browser, username: string, password: string, authorize = authorizeUrl()): Promise<LightMyRequestResponse> {
  const usernamePage = await browser.get(authorize);
  const { canary } = formFields(usernamePage.body);
  await browser.post('/common/login', { step: 'username', canary: canary!, login: username });
  return browser.post('/common/login', { step: 'password', canary: canary!, passwd: password });
}
