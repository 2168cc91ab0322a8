import { DOMParser, type Element } from '@xmldom/xmldom';
import { findElements } from '../../../../../shared/xml/dom.ts';
import { adfsPageUnreadable } from './errors.ts';

/**
 * What the WAP takes from AD FS's forms sign-in page (client-flows §1.3) to render its
 * own: the loginForm's action, the hidden fields AD FS will check on the POST (the
 * anti-forgery value among them), the prefilled user name, AD FS's error text and the
 * relying party's name. Values are decoded text; the WAP page escapes them again.
 */
export interface AdfsFormsPage {
  /** Where loginForm posts: `/adfs/ls/` with the sign-in request's own query. */
  readonly action: string;
  readonly hiddenFields: readonly HiddenField[];
  readonly userName: string;
  /** Empty when AD FS shows the page for the first time. */
  readonly errorText: string;
  /** AD FS's words for the relying party (`<p id="relyingParty">`), if its page names it. */
  readonly relyingParty: string | undefined;
}

export interface HiddenField {
  readonly name: string;
  readonly value: string;
}

/** The marker of the forms page: the form client-flows §1.3 names, in any quoting. */
const loginFormMarker = /\sid\s*=\s*["']?loginForm["'\s>]/;

/** Whether an HTML answer is AD FS's forms sign-in page rather than another /adfs/ls/ page. */
export function isAdfsFormsPage(html: string): boolean {
  return loginFormMarker.test(html);
}

/**
 * xmldom in its HTML mode (void elements, boolean attributes, HTML entities), with every
 * reported error fatal: a page it cannot read fully is refused, never half-read.
 */
function parseHtml(html: string): Element {
  try {
    const document = new DOMParser({
      locator: false,
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(html, 'text/html');
    if (!document.documentElement) throw new Error('it has no root element');
    return document.documentElement;
  } catch (error) {
    throw adfsPageUnreadable(`its HTML does not parse (${error instanceof Error ? error.message : String(error)})`, error);
  }
}

const named = (tag: string) => (element: Element) => element.localName?.toLowerCase() === tag;
const withId = (id: string) => (element: Element) => element.getAttribute('id') === id;

function onlyOne(root: Element, accept: (element: Element) => boolean, what: string): Element {
  const found = findElements(root, accept);
  if (found.length !== 1) throw adfsPageUnreadable(found.length === 0 ? `it has no ${what}` : `it has ${found.length} of ${what}`);
  return found[0]!;
}

/** The loginForm's action: a path below /adfs/ls/ on this same site, nothing else. */
function formAction(form: Element): string {
  const action = form.getAttribute('action') ?? '';
  if (!action.toLowerCase().startsWith('/adfs/ls/')) throw adfsPageUnreadable(`its loginForm posts to ${JSON.stringify(action)}, not to /adfs/ls/ on this site`);
  return action;
}

const inputType = (input: Element) => (input.getAttribute('type') ?? 'text').toLowerCase();

/**
 * Reads AD FS's forms page; throws ADFS_SIGN_IN_PAGE_UNREADABLE (502, hop wap → adfs) when
 * the page does not parse or lacks a part of the form contract the WAP page must carry.
 */
export function readAdfsFormsPage(html: string): AdfsFormsPage {
  const root = parseHtml(html);
  const form = onlyOne(root, (element) => named('form')(element) && withId('loginForm')(element), 'form with id loginForm');
  const inputs = findElements(form, named('input'));
  const userName = inputs.filter((input) => input.getAttribute('name') === 'UserName');
  if (userName.length !== 1) throw adfsPageUnreadable(`its loginForm has ${userName.length} UserName inputs, not one`);
  const errorText = onlyOne(root, withId('errorText'), 'element with id errorText');
  const relyingParty = findElements(root, withId('relyingParty'))[0]?.textContent?.trim();
  return {
    action: formAction(form),
    hiddenFields: inputs
      .filter((input) => inputType(input) === 'hidden' && input.getAttribute('name'))
      .map((input) => ({ name: input.getAttribute('name')!, value: input.getAttribute('value') ?? '' })),
    userName: userName[0]!.getAttribute('value') ?? '',
    errorText: (errorText.textContent ?? '').trim(),
    relyingParty: relyingParty || undefined,
  };
}
