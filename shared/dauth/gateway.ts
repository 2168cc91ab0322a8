import type { Document, Element } from '@xmldom/xmldom';
import type { KeyPair } from '../pki/index.ts';
import { WSA_NS, WSSE_NS, WSU_NS } from '../saml/namespaces.ts';
import { childElements, isNamed } from '../xml/dom.ts';
import { parseXml } from '../xml/safe-parse.ts';
import { decryptElement, XMLENC_NS } from '../xmlenc/index.ts';
import { issueDelegationToken } from './delegation-token.ts';
import { dauthError } from './errors.ts';
import { domainOf, ownsDomain, type FederationTrustRecord, type GatewayDirectory } from './federation-trust.ts';
import { RST_ISSUE_ACTION, SOAP12_NS } from './namespaces.ts';
import { locateRequestSignature, verifyRequestSignature } from './request-signature.ts';
import { renderRstr } from './rstr.ts';
import { readRst } from './rst.ts';
import { checkTimestamp, readTimestamp } from './timestamp.ts';

/**
 * The federation gateway's handling of a delegation-token request (server-flows §2.3), as
 * ordered steps: parse; find the signature and the organization its KeyInfo thumbprint
 * names; verify with that organization's REGISTERED certificate; check the signed
 * Timestamp and To; only then decrypt the signed Body with the gateway's key; read the
 * RST; the user must be in one of the requesting organization's federated domains and the
 * AppliesTo a registered organization; issue the token encrypted to that organization.
 */
export interface GatewayOptions {
  readonly gateway: KeyPair;
  /** The gateway's own token endpoint URL; a request addressed (a:To) elsewhere is refused. */
  readonly endpoint: string;
  readonly directory: GatewayDirectory;
  readonly now: Date;
  readonly tokenLifetimeSeconds?: number;
}

export interface GatewayAnswer {
  readonly rstr: string;
  readonly requester: FederationTrustRecord;
  readonly target: FederationTrustRecord;
  readonly requesterSmtp: string;
  readonly offer: string;
  readonly assertionId: string;
}

/** One message for every decryption failure of the request body (security.md, XML-Enc oracles). */
const undecryptable = 'the request body could not be decrypted with the gateway key';

function parseRequest(xml: string): Document {
  let document: Document;
  try {
    document = parseXml(xml);
  } catch (error) {
    throw dauthError('DAUTH_REQUEST_MALFORMED', 'the request is not acceptable XML', error);
  }
  const envelope = document.documentElement!;
  if (!isNamed(envelope, SOAP12_NS, 'Envelope')) throw dauthError('DAUTH_REQUEST_MALFORMED', 'the request is not a SOAP 1.2 envelope');
  const header = childElements(envelope, SOAP12_NS, 'Header')[0];
  const action = header ? childElements(header, WSA_NS, 'Action') : [];
  if (action.length !== 1 || action[0]!.textContent?.trim() !== RST_ISSUE_ACTION) throw dauthError('DAUTH_REQUEST_MALFORMED', `the request's a:Action is not ${RST_ISSUE_ACTION}`);
  return document;
}

function messageIdOf(document: Document): string {
  const header = childElements(document.documentElement!, SOAP12_NS, 'Header')[0]!;
  return childElements(header, WSA_NS, 'MessageID')[0]?.textContent?.trim() ?? '';
}

/** The signed Timestamp, To and Body, parsed from the canonical bytes the signature covered. */
function signedParts(signed: readonly string[]): { timestamp: Element; to: Element; body: Element } {
  const roots = signed.map((xml) => parseXml(xml).documentElement!);
  const find = (namespace: string, localName: string): Element => {
    const found = roots.filter((root) => isNamed(root, namespace, localName));
    if (found.length !== 1) throw dauthError('DAUTH_REQUEST_SIGNATURE', `the signature does not cover exactly one ${localName}`);
    return found[0]!;
  };
  return { timestamp: find(WSU_NS, 'Timestamp'), to: find(WSA_NS, 'To'), body: find(SOAP12_NS, 'Body') };
}

function decryptBody(body: Element, gateway: KeyPair): Element {
  const children = childElements(body);
  if (children.length !== 1 || !isNamed(children[0], XMLENC_NS, 'EncryptedData')) throw dauthError('DAUTH_REQUEST_UNDECRYPTABLE', undecryptable);
  try {
    return parseXml(decryptElement(children[0]!, gateway.keyPem)).documentElement!;
  } catch (error) {
    throw dauthError('DAUTH_REQUEST_UNDECRYPTABLE', undecryptable, error);
  }
}

export async function processDelegationTokenRequest(xml: string, options: GatewayOptions): Promise<GatewayAnswer> {
  const document = parseRequest(xml);
  const { signature, thumbprint } = locateRequestSignature(document);
  const requester = options.directory.trustByThumbprint(thumbprint);
  if (!requester) throw dauthError('DAUTH_UNKNOWN_ORGANIZATION', `the request is signed with a certificate (SHA-1 thumbprint ${thumbprint}) that no federation trust registered`);
  if (!isNamed(signature.parentNode, WSSE_NS, 'Security')) throw dauthError('DAUTH_REQUEST_SIGNATURE', 'the ds:Signature is not in o:Security');
  const parts = signedParts(verifyRequestSignature(xml, signature, requester.certificatePem));
  checkTimestamp(readTimestamp(parts.timestamp), options.now);
  if (parts.to.textContent?.trim() !== options.endpoint) throw dauthError('DAUTH_REQUEST_MALFORMED', `the request is addressed to "${parts.to.textContent?.trim()}", not to ${options.endpoint}`);
  const request = readRst(decryptBody(parts.body, options.gateway));
  const domain = domainOf(request.requesterSmtp);
  if (!ownsDomain(requester, domain)) throw dauthError('DAUTH_DOMAIN_NOT_FEDERATED', `${domain} is not a federated domain of ${requester.name}; it cannot ask for tokens for ${request.requesterSmtp}`);
  const target = options.directory.trustByApplicationUri(request.appliesTo);
  if (!target) throw dauthError('DAUTH_UNKNOWN_TARGET', `no federation trust has the ApplicationUri "${request.appliesTo}"`);
  const token = await issueDelegationToken(
    { requesterSmtp: request.requesterSmtp, immutableId: options.directory.immutableIdOf(request.requesterSmtp), offer: request.offer },
    { audience: target.applicationUri, gateway: options.gateway, targetCertificate: target.certificatePem, now: options.now, ...(options.tokenLifetimeSeconds ? { lifetimeSeconds: options.tokenLifetimeSeconds } : {}) },
  );
  const rstr = renderRstr({ relatesTo: messageIdOf(document), appliesTo: target.applicationUri, created: options.now, expires: token.notOnOrAfter, encryptedToken: token.encryptedToken });
  return { rstr, requester, target, requesterSmtp: request.requesterSmtp, offer: request.offer, assertionId: token.assertionId };
}
