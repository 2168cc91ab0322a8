import type { Element } from '@xmldom/xmldom';
import { SAML11_TOKEN_TYPE, WSA_NS, WSP_NS, WSTRUST_2005_NS } from '../saml/namespaces.ts';
import { childElements, isNamed } from '../xml/dom.ts';
import { escapeXml } from '../xml/escape.ts';
import { dauthError } from './errors.ts';
import { AUTH_CLAIMS_DIALECT, AUTH_NS, delegationClaims, ISSUE_REQUEST_TYPE, knownOffers, NO_PROOF_KEY, OFFER_CONTEXT_ITEM } from './namespaces.ts';

/**
 * The body of the delegation-token request (server-flows §2.3; [MS-OXWSLVID] §3.3.4.1.1
 * for the envelope, the body *inferred*): a WS-Trust Feb 2005 RequestSecurityToken for a
 * SAML 1.1 token without proof key, `wsp:AppliesTo` the target organization's
 * ApplicationUri, the requesting user's SMTP address as an `auth:ClaimType` and the offer
 * as an `auth:ContextItem`. It travels encrypted to the gateway (seed 003).
 */
export interface DelegationTokenRequest {
  /** The target's ApplicationUri (the OrganizationRelationship's TargetApplicationUri). */
  readonly appliesTo: string;
  readonly requesterSmtp: string;
  readonly offer: string;
}

export function renderRst(request: DelegationTokenRequest, context: string): string {
  return (
    `<t:RequestSecurityToken xmlns:t="${WSTRUST_2005_NS}" xmlns:wsp="${WSP_NS}" xmlns:a="${WSA_NS}" xmlns:auth="${AUTH_NS}" Context="${escapeXml(context)}">` +
    `<t:TokenType>${SAML11_TOKEN_TYPE}</t:TokenType><t:RequestType>${ISSUE_REQUEST_TYPE}</t:RequestType>` +
    `<wsp:AppliesTo><a:EndpointReference><a:Address>${escapeXml(request.appliesTo)}</a:Address></a:EndpointReference></wsp:AppliesTo>` +
    `<auth:AdditionalContext><auth:ContextItem Name="${OFFER_CONTEXT_ITEM}"><auth:Value>${escapeXml(request.offer)}</auth:Value></auth:ContextItem></auth:AdditionalContext>` +
    `<t:Claims Dialect="${AUTH_CLAIMS_DIALECT}"><auth:ClaimType Uri="${delegationClaims.emailAddress}"><auth:Value>${escapeXml(request.requesterSmtp)}</auth:Value></auth:ClaimType></t:Claims>` +
    `<t:KeyType>${NO_PROOF_KEY}</t:KeyType>` +
    '</t:RequestSecurityToken>'
  );
}

function only(parent: Element, namespace: string, localName: string, where: string): Element {
  const found = childElements(parent, namespace, localName);
  if (found.length !== 1) throw dauthError('DAUTH_REQUEST_MALFORMED', `${where} needs exactly one ${localName}, found ${found.length}`);
  return found[0]!;
}

const textOf = (element: Element): string => (element.textContent ?? '').trim();

/** The one auth:Value of the child of `parent` whose `attribute` is `name`. */
function valueNamed(parent: Element, localName: string, attribute: string, name: string): string {
  const matches = childElements(parent, AUTH_NS, localName).filter((element) => element.getAttribute(attribute) === name);
  if (matches.length !== 1) throw dauthError('DAUTH_REQUEST_MALFORMED', `the request needs exactly one auth:${localName} ${attribute}="${name}", found ${matches.length}`);
  return textOf(only(matches[0]!, AUTH_NS, 'Value', `auth:${localName}`));
}

/** Reads the decrypted RST; throws DAUTH_REQUEST_MALFORMED or DAUTH_UNKNOWN_OFFER. */
export function readRst(rst: Element): DelegationTokenRequest {
  if (!isNamed(rst, WSTRUST_2005_NS, 'RequestSecurityToken')) throw dauthError('DAUTH_REQUEST_MALFORMED', 'the decrypted body is not a WS-Trust Feb 2005 RequestSecurityToken');
  if (textOf(only(rst, WSTRUST_2005_NS, 'RequestType', 'the RST')) !== ISSUE_REQUEST_TYPE) throw dauthError('DAUTH_REQUEST_MALFORMED', 'the RST RequestType is not Issue');
  if (textOf(only(rst, WSTRUST_2005_NS, 'TokenType', 'the RST')) !== SAML11_TOKEN_TYPE) throw dauthError('DAUTH_REQUEST_MALFORMED', `the RST asks for a token type other than ${SAML11_TOKEN_TYPE}`);
  const address = only(only(only(rst, WSP_NS, 'AppliesTo', 'the RST'), WSA_NS, 'EndpointReference', 'wsp:AppliesTo'), WSA_NS, 'Address', 'a:EndpointReference');
  const claims = only(rst, WSTRUST_2005_NS, 'Claims', 'the RST');
  if (claims.getAttribute('Dialect') !== AUTH_CLAIMS_DIALECT) throw dauthError('DAUTH_REQUEST_MALFORMED', `the RST Claims dialect is not ${AUTH_CLAIMS_DIALECT}`);
  const requesterSmtp = valueNamed(claims, 'ClaimType', 'Uri', delegationClaims.emailAddress);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(requesterSmtp)) throw dauthError('DAUTH_REQUEST_MALFORMED', `"${requesterSmtp}" is not an SMTP address`);
  const offer = valueNamed(only(rst, AUTH_NS, 'AdditionalContext', 'the RST'), 'ContextItem', 'Name', OFFER_CONTEXT_ITEM);
  if (!knownOffers.has(offer)) throw dauthError('DAUTH_UNKNOWN_OFFER', `the offer "${offer}" is not one the gateway issues tokens for`);
  return { appliesTo: textOf(address), requesterSmtp, offer };
}
