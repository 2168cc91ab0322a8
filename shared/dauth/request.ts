import { randomUUID } from 'node:crypto';
import type { KeyPair } from '../pki/index.ts';
import { WSA_NS, WSSE_NS, WSU_NS } from '../saml/namespaces.ts';
import { escapeXml } from '../xml/escape.ts';
import { encryptElement } from '../xmlenc/index.ts';
import { RST_ISSUE_ACTION, SOAP12_NS, WSA_ANONYMOUS } from './namespaces.ts';
import { signRequest } from './request-signature.ts';
import { renderRst, type DelegationTokenRequest } from './rst.ts';
import { renderTimestamp } from './timestamp.ts';

/**
 * Builds the delegation-token request an Exchange organization sends to the federation
 * gateway (server-flows §2.3; [MS-OXWSLVID] §3.3.4.1.1): SOAP 1.2, WS-Addressing Action
 * RST/Issue, MessageID, ReplyTo anonymous, To the gateway; `o:Security` with a five-minute
 * `u:Timestamp` and the organization's signature; the RST encrypted to the gateway's
 * certificate (seed 003), so neither the user nor the target is readable on the way.
 */
export interface BuildDelegationTokenRequestOptions extends DelegationTokenRequest {
  /** The gateway's token endpoint, e.g. https://nexus.microsoftonline-p.test/extSTS.srf; it is also a:To. */
  readonly gatewayEndpoint: string;
  /** The gateway's encryption certificate, from its federation metadata or New-FederationTrust. */
  readonly gatewayCertificate: string;
  /** The organization's federation certificate and key (New-FederationTrust -Thumbprint). */
  readonly organization: KeyPair;
  readonly now: Date;
  readonly messageId?: string;
}

export async function buildDelegationTokenRequest(options: BuildDelegationTokenRequestOptions): Promise<string> {
  const messageId = options.messageId ?? `urn:uuid:${randomUUID()}`;
  const encryptedRst = await encryptElement(renderRst(options, randomUUID()), options.gatewayCertificate);
  const envelope =
    `<s:Envelope xmlns:s="${SOAP12_NS}" xmlns:a="${WSA_NS}" xmlns:u="${WSU_NS}" xmlns:o="${WSSE_NS}">` +
    '<s:Header>' +
    `<a:Action s:mustUnderstand="1">${RST_ISSUE_ACTION}</a:Action>` +
    `<a:MessageID>${escapeXml(messageId)}</a:MessageID>` +
    `<a:ReplyTo><a:Address>${WSA_ANONYMOUS}</a:Address></a:ReplyTo>` +
    `<a:To s:mustUnderstand="1" u:Id="_1">${escapeXml(options.gatewayEndpoint)}</a:To>` +
    `<o:Security s:mustUnderstand="1">${renderTimestamp(options.now, '_0')}</o:Security>` +
    '</s:Header>' +
    `<s:Body u:Id="_2">${encryptedRst}</s:Body>` +
    '</s:Envelope>';
  return signRequest(envelope, options.organization);
}
