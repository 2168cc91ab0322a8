import type { Element } from '@xmldom/xmldom';
import { dauthError } from '../dauth/errors.ts';
import { validateDelegationToken, type ValidatedDelegation } from '../dauth/validate.ts';
import { parseWsSecurityHeader } from '../dauth/ws-security-header.ts';
import type { FederationInformation } from '../hybrid-config/federation-information.ts';
import type { ReplayCache } from '../saml/replay-cache.ts';
import { childElements } from '../xml/dom.ts';
import { parseXml } from '../xml/safe-parse.ts';
import type { OrganizationRelationshipProvider } from './organization-relationships.ts';

/**
 * The receiving side of DAuth on `…/EWS/Exchange.asmx/WSSecurity` and
 * `…/autodiscover/autodiscover.svc/WSSecurity` (server-flows §2.4, §2.6): the SOAP header's
 * wsse:Security (one fresh Timestamp, one xenc:EncryptedData), then validateDelegationToken
 * with this organization's own federation key, the gateway certificate from configuration
 * only, its own ApplicationUri (hybrid configuration's federation information) and its
 * OrganizationRelationships. The requesting user's identity is not used beyond the domain.
 *
 * Replay: a delegation token is a bearer token for its lifetime — the requesting Exchange
 * uses one token for Autodiscover and then EWS, and may reuse it while it lives, as
 * Exchange caches them — so one use is counted per *message*: the token's assertion ID
 * with the message's wsa:To and wsu:Timestamp. The same message twice is refused
 * (DAUTH_TOKEN_REPLAYED); a token outside its lifetime is refused anyway.
 */
export interface DauthReceiver {
  /** This organization's federation private key (PEM), e.g. signing/exchange-online-federation. */
  readonly decryptionKeyPem: string;
  /** The gateway certificate(s) from configuration (signing/federation-gateway). */
  readonly gatewayCertificates: readonly string[];
  readonly federation: () => FederationInformation | undefined;
  readonly organizationRelationships: OrganizationRelationshipProvider;
  readonly replayCache: ReplayCache;
  readonly now: () => Date;
}

const soapNamespaces = ['http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope'];

function soapHeader(body: string): Element {
  let root: Element | null;
  try {
    root = parseXml(body, { maxBytes: 256 * 1024 }).documentElement;
  } catch (error) {
    throw dauthError('DAUTH_TOKEN_MISSING', 'the request is not a SOAP envelope carrying wsse:Security', error);
  }
  if (!root || root.localName !== 'Envelope' || !soapNamespaces.includes(root.namespaceURI ?? '')) throw dauthError('DAUTH_TOKEN_MISSING', 'the request is not a SOAP envelope carrying wsse:Security');
  const header = childElements(root).find((child) => child.localName === 'Header' && child.namespaceURI === root.namespaceURI);
  if (!header) throw dauthError('DAUTH_TOKEN_MISSING', 'the SOAP envelope has no Header, so no wsse:Security with a delegation token');
  return header;
}

/** Validates the delegation token of a WSSecurity request; throws the DAuth LabError (fault) when it cannot. */
export function receiveDelegation(body: string, receiver: DauthReceiver): ValidatedDelegation {
  const now = receiver.now();
  const header = parseWsSecurityHeader(soapHeader(body), now);
  const federation = receiver.federation();
  if (!federation) throw dauthError('DAUTH_TOKEN_AUDIENCE', 'this organization has no federation information (ApplicationUri) configured');
  return validateDelegationToken(header.encryptedToken, {
    decryptionKeyPem: receiver.decryptionKeyPem,
    gatewayCertificates: receiver.gatewayCertificates,
    ownApplicationUri: federation.applicationUri,
    organizationRelationships: receiver.organizationRelationships(),
    replayCache: { seen: (assertionId, notOnOrAfter) => receiver.replayCache.seen(`${assertionId}|${header.to ?? ''}|${header.created.toISOString()}`, notOnOrAfter) },
    now,
  });
}
