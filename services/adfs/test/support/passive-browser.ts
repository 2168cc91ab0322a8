import type { LightMyRequestResponse } from 'fastify';
import type { TestAdfs } from './adfs-app.ts';

/**
 * Just enough of a browser for /adfs/ls/: it reads forms and inputs out of AD FS's own
 * pages (which quote and escape every attribute), keeps the anti-forgery cookie, and
 * posts a form back the way a browser would.
 */
export const realm = 'urn:federation:MicrosoftOnline';
export const loginSrf = 'https://login.microsoftonline.test/login.srf';

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes an HTML attribute value or text: the named entities AD FS writes, and numeric ones. */
export function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return entities[entity.toLowerCase()] ?? whole;
  });
}

export type Attributes = Readonly<Record<string, string>>;

function attributesOf(tag: string): Attributes {
  const attributes: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/\s([a-zA-Z][\w-]*)(?:="([^"]*)")?/g)) attributes[name!] = decodeHtml(value ?? '');
  return attributes;
}

/** Every `<tag …>` of a kind, with its attributes decoded. */
export function tagsOf(html: string, tagName: string): Attributes[] {
  return [...html.matchAll(new RegExp(`<${tagName}(\\s[^>]*)?>`, 'gi'))].map((match) => attributesOf(match[1] ?? ''));
}

/** The one form of a page, and the inputs inside it by name. */
export function theForm(html: string): { form: Attributes; inputs: Map<string, Attributes> } {
  const forms = tagsOf(html, 'form');
  if (forms.length !== 1) throw new Error(`expected one form, found ${forms.length}`);
  const inside = html.slice(html.search(/<form[\s>]/i), html.search(/<\/form>/i));
  return { form: forms[0]!, inputs: new Map(tagsOf(inside, 'input').map((input) => [input.name ?? '', input])) };
}

/** The text of the element with this id, decoded. */
export function textOfId(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return match ? decodeHtml(match[1]!) : undefined;
}

/** `name=value` of the anti-forgery cookie a page set, for the next request's Cookie header. */
export function cookieOf(response: LightMyRequestResponse, name = 'MSISAntiForgery'): string | undefined {
  const header = [response.headers['set-cookie'] ?? []].flat().find((cookie) => cookie.startsWith(`${name}=`));
  return header?.split(';')[0];
}

/** An /adfs/ls/ URL with these parameters, in order. */
export function lsUrl(parameters: Readonly<Record<string, string>>): string {
  return `/adfs/ls/?${new URLSearchParams(parameters).toString()}`;
}

export const signInUrl = (extra: Readonly<Record<string, string>> = {}): string => lsUrl({ wa: 'wsignin1.0', wtrealm: realm, wctx: 'LoginOptions=3&estsredirect=2', ...extra });

export interface RenderedForm {
  readonly response: LightMyRequestResponse;
  readonly action: string;
  readonly fields: Record<string, string>;
  readonly cookie: string | undefined;
}

/** GETs the forms page and reads back what a browser would post: every input's value, and the cookie. */
export async function openSignInPage(adfs: TestAdfs, url: string): Promise<RenderedForm> {
  const response = await adfs.app.inject({ method: 'GET', url });
  const { form, inputs } = theForm(response.body);
  const fields = Object.fromEntries([...inputs].filter(([, input]) => input.type !== 'checkbox').map(([name, input]) => [name, input.value ?? '']));
  return { response, action: form.action ?? '', fields, cookie: cookieOf(response) };
}

export interface PostOptions {
  readonly fields?: Readonly<Record<string, string | undefined>>;
  readonly cookie?: string | undefined;
  readonly headers?: Readonly<Record<string, string>>;
}

/** POSTs a rendered form back to its action: the page's fields overridden by `fields` (undefined drops one). */
export function postForm(adfs: TestAdfs, rendered: RenderedForm, options: PostOptions = {}): Promise<LightMyRequestResponse> {
  const merged = Object.entries({ ...rendered.fields, ...options.fields }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const cookie = 'cookie' in options ? options.cookie : rendered.cookie;
  return adfs.app.inject({
    method: 'POST',
    url: rendered.action,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...options.headers },
    payload: new URLSearchParams(merged).toString(),
  });
}
