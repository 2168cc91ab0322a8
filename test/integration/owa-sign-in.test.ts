import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LabHttpClient, LabResponse } from '../../shared/http/client.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';

/**
 * A browser on the internet signs in to OWA through the real azure-auth (identity.md,
 * flows F1–F3): /owa/ → authorize → username → password → form_post → mailbox page.
 * Plain HTTP requests, a cookie jar, and the forms parsed from each page.
 */
interface Form {
  readonly action: string;
  readonly fields: Map<string, string>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) =>
    entity.startsWith('#') ? String.fromCodePoint(Number(entity.startsWith('#x') || entity.startsWith('#X') ? `0x${entity.slice(2)}` : entity.slice(1))) : (entities[entity] ?? whole),
  );
const attributesOf = (tag: string): Map<string, string> => new Map([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((match) => [match[1]!.toLowerCase(), decode(match[2]!)]));

/** The page's POST forms, with their named inputs. */
function formsOf(page: string, pageUrl: string): Form[] {
  return [...page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)]
    .map((match) => ({ attributes: attributesOf(match[1]!), inner: match[2]! }))
    .filter(({ attributes }) => attributes.get('method')?.toLowerCase() === 'post')
    .map(({ attributes, inner }) => ({
      action: new URL(attributes.get('action') ?? pageUrl, pageUrl).toString(),
      fields: new Map([...inner.matchAll(/<input\b[^>]*>/gi)].map((input) => attributesOf(input[0])).filter((input) => input.has('name')).map((input) => [input.get('name')!, input.get('value') ?? ''])),
    }));
}

/** A browser: one cookie jar (host → name → value; paths ignored, the lab's cookies are per host) and redirects followed. */
function browser(client: LabHttpClient) {
  const jar = new Map<string, Map<string, string>>();
  const store = (url: string, response: LabResponse): void => {
    const host = new URL(url).host;
    for (const line of [response.headers['set-cookie'] ?? []].flat()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const cookies = jar.get(host) ?? new Map<string, string>();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value.join('=') === '') cookies.delete(name!.trim());
      else cookies.set(name!.trim(), value.join('='));
      jar.set(host, cookies);
    }
  };
  async function send(url: string, form?: Map<string, string>): Promise<{ url: string; response: LabResponse }> {
    const cookie = [...(jar.get(new URL(url).host) ?? [])].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers: Record<string, string> = { accept: 'text/html', ...(cookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) };
    const response = await client.request(url, form ? { method: 'POST', headers, body: new URLSearchParams([...form]).toString() } : { headers });
    store(url, response);
    return { url, response };
  }
  return {
    send,
    /** Sends, then follows 302/303 with GET until a page arrives. */
    async navigate(url: string, form?: Map<string, string>) {
      let result = await send(url, form);
      for (let hops = 0; [301, 302, 303].includes(result.response.status) && hops < 10; hops++) result = await send(new URL(String(result.response.headers.location), result.url).toString());
      return result;
    },
  };
}

/** Submits the form on the page that has `field`, with `values` filled in. */
function formWith(page: { url: string; response: LabResponse }, field: string, values: Record<string, string>): Form {
  const form = formsOf(page.response.body, page.url).find((candidate) => candidate.fields.has(field));
  assert.ok(form, `a form with ${field} on ${page.url} (HTTP ${page.response.status}):\n${page.response.body}`);
  for (const [name, value] of Object.entries(values)) form.fields.set(name, value);
  return form;
}

describe('OWA sign-in through the real azure-auth on the local lab', () => {
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;

  before(async () => {
    lab = await startTestLab();
    internet = clientOn('internet', lab.certsDir);
  });
  after(async () => {
    await internet?.close();
    await lab?.dispose();
  });

  /** The whole journey for a managed user; returns the page /owa/ shows at the end. */
  async function signIn(upn: string, password: string) {
    const user = browser(internet);
    const first = await user.send('https://outlook.office365.test/owa/');
    assert.equal(first.response.status, 302);
    assert.match(String(first.response.headers.location), /^https:\/\/login\.microsoftonline\.test\/common\/oauth2\/authorize\?client_id=00000002-0000-0ff1-ce00-000000000000&/);
    const usernamePage = await user.navigate(String(first.response.headers.location));
    const usernameForm = formWith(usernamePage, 'login', { login: upn });
    const passwordPage = await user.navigate(usernameForm.action, usernameForm.fields);
    const passwordForm = formWith(passwordPage, 'passwd', { passwd: password });
    const formPostPage = await user.navigate(passwordForm.action, passwordForm.fields);
    const formPost = formWith(formPostPage, 'code', {});
    assert.equal(formPost.action, 'https://outlook.office365.test/owa/');
    for (const field of ['code', 'id_token', 'state']) assert.ok(formPost.fields.get(field), `the form_post carries ${field}`);
    const landed = await user.send(formPost.action, formPost.fields);
    assert.equal(landed.response.status, 302, landed.response.body);
    assert.equal(landed.response.headers.location, '/owa/');
    return (await user.navigate('https://outlook.office365.test/owa/')).response;
  }

  it("ann (a managed cloud user) signs in and sees her inbox and today's calendar", async () => {
    const page = await signIn('ann@contoso.onmicrosoft.test', 'Ann!Lab2026');
    assert.equal(page.status, 200, page.body);
    assert.match(page.body, /<strong>Ann Cloud<\/strong> <span>&lt;ann@contoso\.onmicrosoft\.test&gt;<\/span>/);
    assert.match(page.body, /<td>admin@contoso\.onmicrosoft\.test<\/td><td>Your account is ready<\/td>/);
    assert.match(page.body, /<td>Cloud onboarding<\/td>/);
  });

  it('the administrator, who has no mailbox, signs in and is told so', async () => {
    const page = await signIn('admin@contoso.onmicrosoft.test', 'Admin!Lab2026');
    assert.equal(page.status, 404);
    assert.match(page.body, /no Exchange Online mailbox for this account/);
  });
});
