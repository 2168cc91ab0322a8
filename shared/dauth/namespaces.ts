import { claimUris } from '../saml/namespaces.ts';

/**
 * The vocabulary of DAuth (server-flows §2; [MS-OXWSLVID] §3.3.4.1.1). Values the
 * specification leaves open are the lab's choices, each marked so.
 */
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
/** WS-Trust authorization extensions ([MS-OXWSLVID] §3.3.4.1.1 declares them as `auth`). */
export const AUTH_NS = 'http://schemas.xmlsoap.org/ws/2006/12/authorization';
export const RST_ISSUE_ACTION = 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue';
export const RSTR_ISSUE_ACTION = 'http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue';
export const ISSUE_REQUEST_TYPE = 'http://schemas.xmlsoap.org/ws/2005/02/trust/Issue';
export const NO_PROOF_KEY = 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey';
export const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
/** WSS X.509 Token Profile 1.1 §3.2: a certificate named by its SHA-1 thumbprint (New-FederationTrust -Thumbprint). */
export const THUMBPRINT_SHA1_VALUE_TYPE = 'http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#ThumbprintSHA1';
export const BASE64_ENCODING_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
/** The Claims dialect of the WS-Trust authorization extensions. */
export const AUTH_CLAIMS_DIALECT = 'http://schemas.xmlsoap.org/ws/2006/12/authorization/authclaims';
/** SAML 1.1 §7.1: "XML Digital Signature" — the organization proved itself with its signed request. */
export const XML_DSIG_AUTHENTICATION = 'urn:ietf:rfc:3075';

/**
 * The gateway as the tokens name it: the Microsoft Federation Gateway's entityID
 * (nexus federation metadata) is `urn:federation:MicrosoftOnline`.
 */
export const GATEWAY_ISSUER = 'urn:federation:MicrosoftOnline';

/**
 * Offers: what the token may be used for. Exchange names its DAuth offers
 * `MSExchange.<Feature>`; free/busy is `MSExchange.SharingCalendarFreeBusy`. The lab
 * carries the offer in the RST as an `auth:ContextItem` (lab's choice: the specification
 * does not show the element) and in the token as the `offer` claim below.
 */
export const offers = {
  freeBusy: 'MSExchange.SharingCalendarFreeBusy',
  autodiscover: 'MSExchange.Autodiscover',
  mailTips: 'MSExchange.MailTips',
} as const;

export type Offer = (typeof offers)[keyof typeof offers];
export const knownOffers: ReadonlySet<string> = new Set(Object.values(offers));

/** Claim URIs of the delegation token (AttributeNamespace + "/" + AttributeName). */
export const delegationClaims = {
  emailAddress: 'http://schemas.xmlsoap.org/claims/EmailAddress',
  immutableId: claimUris.immutableId,
  /** Lab's choice of URI for the offer claim. */
  offer: 'http://schemas.microsoft.com/exchange/2010/claims/Offer',
} as const;

/** The auth:ContextItem Name that carries the offer in the request (lab's choice). */
export const OFFER_CONTEXT_ITEM = 'http://schemas.microsoft.com/exchange/2010/offer';
