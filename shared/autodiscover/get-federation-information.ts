import type { Element } from '@xmldom/xmldom';
import type { FederationInformation } from '../hybrid-config/federation-information.ts';
import { childElements } from '../xml/dom.ts';
import { escapeXml } from '../xml/escape.ts';
import { autodiscoverSoapNs } from './soap-envelope.ts';

/**
 * GetFederationInformation (server-flows §2.2; [MS-OXWSADISC]), answered anonymously:
 * the organization's federation ApplicationUri, its federated domains and the token
 * issuers it trusts, read from its hybrid configuration. A domain it does not federate
 * is InvalidDomain; an organization without a federation trust is NotFederated.
 */
const text = (value: string): string => escapeXml(value);

export function getFederationInformation(request: Element, federation: FederationInformation | undefined): string {
  const domain = childElements(request, autodiscoverSoapNs.autodiscover, 'Domain')[0]?.textContent?.trim() ?? '';
  if (!domain) return '<ErrorCode>InvalidRequest</ErrorCode><ErrorMessage>The request names no Domain.</ErrorMessage>';
  if (!federation) return `<ErrorCode>NotFederated</ErrorCode><ErrorMessage>This organization has no federation trust; ${text(domain.slice(0, 256))} is not federated.</ErrorMessage>`;
  if (!federation.domains.some((candidate) => candidate.toLowerCase() === domain.toLowerCase())) {
    return `<ErrorCode>InvalidDomain</ErrorCode><ErrorMessage>The domain ${text(domain.slice(0, 256))} is not a federated domain of this organization.</ErrorMessage>`;
  }
  const issuers = federation.tokenIssuers.map((issuer) => `<TokenIssuer><Endpoint>${text(issuer.endpoint)}</Endpoint><Uri>${text(issuer.uri)}</Uri></TokenIssuer>`);
  return (
    `<ErrorCode>NoError</ErrorCode><ErrorMessage/><ApplicationUri>${text(federation.applicationUri)}</ApplicationUri>` +
    `<Domains>${federation.domains.map((name) => `<Domain>${text(name)}</Domain>`).join('')}</Domains><TokenIssuers>${issuers.join('')}</TokenIssuers>`
  );
}
