import { X509Certificate } from 'node:crypto';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { LabHttpClient } from '../../../../shared/http/client.ts';
import { loginOrigin, passwordGrant } from '../../../../shared/oauth/password-grant.ts';
import type { AdfsRuntime } from './runtime.ts';
import { publishedCertificates } from './token-signing/rollover.ts';

/**
 * Convert-MsolDomainToFederated, run on the AD FS server (flow F8): AD FS signs in to
 * the cloud as a Global Administrator and registers itself for a domain — its issuer,
 * endpoints and token-signing certificate — once, outbound through the edge proxy.
 * After that the cloud never calls AD FS: it trusts what AD FS signs (seed 000).
 */
export interface ConvertRequest {
  readonly domain: string;
  readonly tenantId: string;
  readonly userName: string;
  readonly password: string;
  readonly correlationId: string;
}

/** The MSOnline PowerShell module's public client id, which the real cmdlet signs in with. */
const msOnlineClientId = '1b730954-1685-4b74-9bfd-dac224a7b894';
const graphResource = 'https://graph.microsoft.test';

const base64Der = (certPem: string): string => new X509Certificate(certPem).raw.toString('base64');

/**
 * What AD FS registers: its endpoints and its token-signing certificates — the primary as
 * SigningCertificate and, during a rollover, the secondary as NextSigningCertificate, as
 * Update-MsolFederatedDomain sends them.
 */
export function federationSettingsOf(runtime: AdfsRuntime): Record<string, string | null> {
  const fs = `https://${runtime.config.federationServiceName}`;
  const [primary, secondary] = publishedCertificates(runtime.tokenSigningCertificates, runtime.config.clock(), runtime.config.previousCertificateGraceSeconds);
  return {
    IssuerUri: runtime.config.issuer,
    PassiveLogOnUri: `${fs}/adfs/ls/`,
    ActiveLogOnUri: `${fs}/adfs/services/trust/2005/usernamemixed`,
    MetadataExchangeUri: `${fs}/adfs/services/trust/mex`,
    LogOffUri: `${fs}/adfs/ls/`,
    SigningCertificate: base64Der(primary!.certPem),
    NextSigningCertificate: secondary ? base64Der(secondary.certPem) : null,
    PreferredAuthenticationProtocol: 'WsFed',
  };
}

export async function convertDomainToFederated(http: LabHttpClient, runtime: AdfsRuntime, request: ConvertRequest): Promise<Record<string, unknown>> {
  const { accessToken } = await passwordGrant(http, { tenantId: request.tenantId, clientId: msOnlineClientId, resource: graphResource, username: request.userName, password: request.password, correlationId: request.correlationId, from: 'adfs' });
  const response = await http.request(`${loginOrigin}/${request.tenantId}/admin/domains/${encodeURIComponent(request.domain)}/federation`, {
    method: 'POST',
    correlationId: request.correlationId,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(federationSettingsOf(runtime)),
  });
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (response.status !== 200) {
    throw new LabError({ code: 'FEDERATION_REFUSED', statusCode: 502, expose: true, message: `the cloud refused to federate ${request.domain}: ${String(body.message ?? body.error ?? response.status)}`, hop: 'adfs → login.microsoftonline.test' });
  }
  return body;
}
