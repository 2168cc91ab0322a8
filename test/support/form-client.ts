import type { LabHttpClient, LabResponse } from '../../shared/http/client.ts';

/**
 * A tiny browser for plain-HTTP integration tests: follows redirects, keeps cookies per
 * host, and submits the forms the lab's pages render (auto-post forms included).
 */
export interface Form {
  readonly action: string;
  readonly method: string;
  readonly fields: Record<string, string>;
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decodeEntities(match[2] ?? match[3] ?? '') : undefined;
}

/** The forms of a page, their hidden and text inputs with their values. */
export function formsOf(html: string, baseUrl: string): Form[] {
  return [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)].map(([form]) => {
    const open = /<form\b[^>]*>/i.exec(form)![0];
    const fields: Record<string, string> = {};
    for (const [input] of form.matchAll(/<input\b[^>]*>/gi)) {
      const name = attribute(input, 'name');
      if (name) fields[name] = attribute(input, 'value') ?? '';
    }
    return { action: new URL(attribute(open, 'action') ?? baseUrl, baseUrl).toString(), method: (attribute(open, 'method') ?? 'GET').toUpperCase(), fields };
  });
}

export class FormClient {
  readonly #http: LabHttpClient;
  readonly #cookies = new Map<string, Map<string, string>>();

  constructor(http: LabHttpClient) {
    this.#http = http;
  }

  #remember(url: string, response: LabResponse): void {
    const host = new URL(url).host;
    const jar = this.#cookies.get(host) ?? new Map<string, string>();
    for (const cookie of [response.headers['set-cookie'] ?? []].flat()) {
      const [pair] = cookie.split(';');
      const separator = pair!.indexOf('=');
      const name = pair!.slice(0, separator).trim();
      const value = pair!.slice(separator + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.#cookies.set(host, jar);
  }

  cookie(host: string, name: string): string | undefined {
    return this.#cookies.get(host)?.get(name);
  }

  /** One request with this client's cookies; no redirect following. */
  async send(url: string, init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {}): Promise<LabResponse> {
    const jar = this.#cookies.get(new URL(url).host);
    const headers: Record<string, string> = {};
    if (jar?.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.#http.request(url, { method: init.method ?? 'GET', headers, body: init.form ? new URLSearchParams(init.form).toString() : undefined });
    this.#remember(url, response);
    return response;
  }

  /** Follows redirects (at most 10) and returns the final URL and response. */
  async navigate(url: string, init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {}): Promise<{ url: string; response: LabResponse }> {
    let current = url;
    let response = await this.send(current, init);
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 10; hops += 1) {
      current = new URL(String(response.headers.location), current).toString();
      response = await this.send(current);
    }
    return { url: current, response };
  }

  /** Submits a page's form (the first, or the one whose action matches), with extra fields filled in. */
  async submit(page: { url: string; response: LabResponse }, fill: Record<string, string> = {}, actionIncludes?: string): Promise<{ url: string; response: LabResponse }> {
    const forms = formsOf(page.response.body, page.url);
    const form = actionIncludes ? forms.find((candidate) => candidate.action.includes(actionIncludes)) : forms[0];
    if (!form) throw new Error(`no form${actionIncludes ? ` posting to ${actionIncludes}` : ''} on ${page.url}:\n${page.response.body.slice(0, 500)}`);
    return this.navigate(form.action, { method: form.method === 'POST' ? 'POST' : 'GET', form: { ...form.fields, ...fill } });
  }
}
