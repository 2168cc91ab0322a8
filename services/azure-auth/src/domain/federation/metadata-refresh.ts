import type { Logger } from 'pino';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { verifyFederationMetadata, type VerifiedMetadata } from '../../../../../shared/saml/metadata-verify.ts';
import type { AzureAuthRuntime } from '../runtime.ts';
import { certificatePem, type FederationSettings, type SigningCertificateUpdateStatus } from './settings.ts';
import { thumbprint, trustUpdateFrom } from './trust-update.ts';

/**
 * Refreshing a federated domain's trust from its identity provider's federation metadata,
 * as Entra ID's automatic certificate update does (docs/federation.md, "Token-signing
 * rollover"): fetch `https://<STS host>/FederationMetadata/2007-06/FederationMetadata.xml`
 * (from the internet: edge → WAP → AD FS), verify it against the certificates already
 * trusted, check it is the same federation service, and let trust-update.ts say what
 * changes. Every outcome is recorded as SigningCertificateUpdateStatus; a refusal leaves
 * the trust as it was, is logged, and reaches the caller as a 502 naming why.
 */
export interface MetadataFetcher {
  (url: string, correlationId: string): Promise<{ status: number; body: string }>;
}

export interface RefreshDependencies {
  readonly runtime: AzureAuthRuntime;
  readonly fetchMetadata: MetadataFetcher;
  readonly logger: Logger;
}

export interface RefreshOutcome {
  readonly domain: string;
  readonly metadataUrl: string;
  readonly SigningCertificate: string;
  readonly NextSigningCertificate: string | null;
  readonly SigningCertificateUpdateStatus: SigningCertificateUpdateStatus;
}

const hop = 'azure-auth → fs (federation metadata)';

/** A refused refresh: Graph's certificateUpdateResult for the status, a stable code for the caller. */
class RefreshRefused extends LabError {
  readonly certificateUpdateResult: string;
  constructor(code: string, certificateUpdateResult: string, message: string, cause?: unknown) {
    super({ code, statusCode: 502, expose: true, message, hop, cause });
    this.certificateUpdateResult = certificateUpdateResult;
  }
}

/** The metadata URL Entra ID derives from the STS's sign-in URL (Graph: `noStsAuthUrlFound` when there is none). */
export function federationMetadataUrl(settings: FederationSettings): string {
  const host = new URL(settings.PassiveLogOnUri).host;
  return `https://${host}/FederationMetadata/2007-06/FederationMetadata.xml`;
}

const resultByStatus: Readonly<Record<number, string>> = { 400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'notFound' };

async function fetchDocument(fetchMetadata: MetadataFetcher, url: string, correlationId: string): Promise<string> {
  let response;
  try {
    response = await fetchMetadata(url, correlationId);
  } catch (error) {
    throw new RefreshRefused('METADATA_UNREACHABLE', 'couldNotAccessRemoteHost', `could not fetch ${url}: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (response.status !== 200) throw new RefreshRefused('METADATA_HTTP_ERROR', resultByStatus[response.status] ?? 'providerError', `${url} answered HTTP ${response.status}`);
  return response.body;
}

const trustedOf = (settings: FederationSettings): string[] => [settings.SigningCertificate, settings.NextSigningCertificate].filter((value): value is string => Boolean(value));

function verified(xml: string, settings: FederationSettings): VerifiedMetadata {
  const trusted = trustedOf(settings);
  try {
    return verifyFederationMetadata(xml, trusted.map(certificatePem));
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    const names = `SigningCertificate ${thumbprint(settings.SigningCertificate)}${settings.NextSigningCertificate ? ` or NextSigningCertificate ${thumbprint(settings.NextSigningCertificate)}` : ''}`;
    if (error.code === 'XML_REJECTED' || error.code === 'METADATA_MALFORMED') throw new RefreshRefused('METADATA_MALFORMED', 'xmlParsingError', `the federation metadata is not usable: ${error.message}`, error);
    if (error.code === 'SAML_UNSIGNED') throw new RefreshRefused('METADATA_UNSIGNED', 'noValidExistingCertFound', 'the federation metadata is not signed; only metadata signed by a trusted certificate can change the trust', error);
    throw new RefreshRefused('METADATA_UNTRUSTED_SIGNATURE', 'noValidExistingCertFound', `the federation metadata's signature does not verify with ${names} (${error.code}: ${error.message})`, error);
  }
}

function status(result: string, detail: string, now: Date): SigningCertificateUpdateStatus {
  return { certificateUpdateResult: result, lastRunDateTime: now.toISOString(), detail };
}

/** One refresh of `domain`'s trust; resolves with the new trust or rejects with a RefreshRefused (trust unchanged). */
export async function refreshFederationTrust({ runtime, fetchMetadata, logger }: RefreshDependencies, domain: string, correlationId: string): Promise<RefreshOutcome> {
  const before = runtime.federation.get(domain);
  if (!before) throw new LabError({ code: 'DOMAIN_NOT_FEDERATED', statusCode: 404, message: `${domain} has no federation settings to refresh; run lab federate ${domain}` });
  const metadataUrl = federationMetadataUrl(before);
  try {
    const xml = await fetchDocument(fetchMetadata, metadataUrl, correlationId);
    // Read again: the trust may have changed while the document was on its way.
    const current = runtime.federation.get(domain) ?? before;
    const metadata = verified(xml, current);
    if (metadata.entityId !== current.IssuerUri) throw new RefreshRefused('METADATA_WRONG_ENTITY', 'unknownError', `the metadata describes entityID "${metadata.entityId}", not this domain's IssuerUri "${current.IssuerUri}"`);
    const update = trustUpdateFrom(current, metadata);
    const now = runtime.config.clock();
    const updateStatus = status(update.changes.length ? 'success' : 'noNewCertificateFound', update.changes.length ? update.changes.join('; ') : 'the metadata publishes the certificates already trusted', now);
    runtime.federation.set(domain, { ...current, SigningCertificate: update.SigningCertificate, NextSigningCertificate: update.NextSigningCertificate, SigningCertificateUpdateStatus: updateStatus }, now);
    logger.info({ domain, metadataUrl, correlationId, result: updateStatus.certificateUpdateResult, changes: update.changes }, 'federation metadata refreshed');
    return { domain, metadataUrl, SigningCertificate: update.SigningCertificate, NextSigningCertificate: update.NextSigningCertificate, SigningCertificateUpdateStatus: updateStatus };
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    const result = error instanceof RefreshRefused ? error.certificateUpdateResult : 'unknownError';
    const current = runtime.federation.get(domain);
    if (current) runtime.federation.set(domain, { ...current, SigningCertificateUpdateStatus: status(result, `${error.code}: ${error.message}`, runtime.config.clock()) }, runtime.config.clock());
    logger.warn({ domain, metadataUrl, correlationId, code: error.code, result, reason: error.message }, 'federation metadata refused; the trust is unchanged');
    throw error;
  }
}
