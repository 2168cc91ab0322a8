import type { Element } from '@xmldom/xmldom';
import { autodiscoverSoapNs } from '../autodiscover/soap-envelope.ts';
import { childElements, elementsNamed } from '../xml/dom.ts';
import { escapeXml } from '../xml/escape.ts';
import { parseXml } from '../xml/safe-parse.ts';

/**
 * The SOAP Autodiscover requests the requesting Exchange sends the other organization
 * (server-flows §2.2, §3.2) and what it reads from the answers: GetUserSettings for the
 * target's EWS URL, GetFederationInformation for the partner's ApplicationUri. `header`
 * adds SOAP header children (DAuth's WS-Security, prefix `soap`).
 */
const ns = autodiscoverSoapNs;
export const autodiscoverAction = (operation: string): string => `${ns.autodiscover}/Autodiscover/${operation}`;

function envelope(operation: string, to: string, request: string, header: string): string {
  const addressing = header === '' ? `<wsa:Action soap:mustUnderstand="1">${autodiscoverAction(operation)}</wsa:Action><wsa:To soap:mustUnderstand="1">${escapeXml(to)}</wsa:To>` : header;
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ns.soap}" xmlns:a="${ns.autodiscover}" xmlns:wsa="${ns.addressing}" xmlns:i="${ns.instance}">` +
    `<soap:Header><a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion>${addressing}</soap:Header>` +
    `<soap:Body><a:${operation}RequestMessage><a:Request>${request}</a:Request></a:${operation}RequestMessage></soap:Body></soap:Envelope>`
  );
}

export function getUserSettingsRequest(to: string, mailbox: string, header = ''): string {
  return envelope('GetUserSettings', to, `<a:Users><a:User><a:Mailbox>${escapeXml(mailbox)}</a:Mailbox></a:User></a:Users><a:RequestedSettings><a:Setting>ExternalEwsUrl</a:Setting></a:RequestedSettings>`, header);
}

export function getFederationInformationRequest(to: string, domain: string): string {
  return envelope('GetFederationInformation', to, `<a:Domain>${escapeXml(domain)}</a:Domain>`, '');
}

export const autodiscoverHeaders = (operation: string): Record<string, string> => ({ 'content-type': 'text/xml; charset=utf-8', soapaction: `"${autodiscoverAction(operation)}"` });

function responseOf(xml: string): Element | undefined {
  try {
    const root = parseXml(xml, { maxBytes: 256 * 1024 }).documentElement;
    return root ? elementsNamed(root, ns.autodiscover, 'Response')[0] : undefined;
  } catch {
    return undefined;
  }
}

const child = (parent: Element | undefined, name: string): Element | undefined => (parent ? childElements(parent, ns.autodiscover, name)[0] : undefined);
const textOf = (parent: Element | undefined, name: string): string => child(parent, name)?.textContent?.trim() ?? '';

/** The EWS URL in a GetUserSettings answer for one mailbox, or why there is none. */
export type EwsUrlAnswer = { readonly ok: true; readonly ewsUrl: string } | { readonly ok: false; readonly reason: string };

export function readEwsUrl(xml: string): EwsUrlAnswer {
  const response = responseOf(xml);
  if (!response) return { ok: false, reason: 'the answer holds no GetUserSettings Response' };
  if (textOf(response, 'ErrorCode') !== 'NoError') return { ok: false, reason: `${textOf(response, 'ErrorCode')}: ${textOf(response, 'ErrorMessage')}` };
  const user = child(child(response, 'UserResponses'), 'UserResponse');
  const code = textOf(user, 'ErrorCode');
  if (code === 'RedirectAddress') return { ok: false, reason: `RedirectAddress to ${textOf(user, 'RedirectTarget')}: the mailbox is not in that organization` };
  if (code !== 'NoError') return { ok: false, reason: `${code || 'no UserResponse'}: ${textOf(user, 'ErrorMessage')}` };
  const settings = child(user, 'UserSettings');
  const url = settings ? childElements(settings, ns.autodiscover, 'UserSetting').find((setting) => textOf(setting, 'Name') === 'ExternalEwsUrl') : undefined;
  const value = textOf(url, 'Value');
  if (!/^https:\/\/[^\s/]+\/\S*$/i.test(value)) return { ok: false, reason: 'the answer has no ExternalEwsUrl setting with an https URL' };
  return { ok: true, ewsUrl: value };
}

export type FederationAnswer = { readonly ok: true; readonly applicationUri: string; readonly tokenIssuers: readonly string[] } | { readonly ok: false; readonly reason: string };

export function readFederationInformation(xml: string): FederationAnswer {
  const response = responseOf(xml);
  if (!response) return { ok: false, reason: 'the answer holds no GetFederationInformation Response' };
  if (textOf(response, 'ErrorCode') !== 'NoError') return { ok: false, reason: `${textOf(response, 'ErrorCode')}: ${textOf(response, 'ErrorMessage')}` };
  const issuers = child(response, 'TokenIssuers');
  return {
    ok: true,
    applicationUri: textOf(response, 'ApplicationUri'),
    tokenIssuers: issuers ? childElements(issuers, ns.autodiscover, 'TokenIssuer').map((issuer) => textOf(issuer, 'Uri')) : [],
  };
}
