import type { LabHttpClient } from '../http/client.ts';
import { LabError } from '../errors/lab-error.ts';
import { stsHost } from '../s2s/principals.ts';
import { trustedIssuerFromMetadata, type TrustedIssuer } from '../s2s/sts-metadata.ts';

/**
 * Which token service a receiving Exchange trusts for S2S OAuth (server-flows §1.6–1.8,
 * New-AuthServer): the realm (tenant id) and the STS metadata URL. The hybrid
 * configuration (flow F9) will supply it from its AuthServer object; until then each
 * Exchange uses `defaultReceiverTrust(seed tenant)`, azure-auth's ACS metadata.
 */
export interface ReceiverTrust {
  readonly realm: string;
  readonly metadataUrl: string;
}

export type ReceiverTrustProvider = () => ReceiverTrust;

export function defaultReceiverTrust(tenantId: string): ReceiverTrust {
  return { realm: tenantId, metadataUrl: `https://${stsHost}/${tenantId}/metadata/json/1` };
}

/** Fetches and parses a metadata document (JSON); the lab HTTP client by default. */
export type MetadataFetcher = (url: string) => Promise<unknown>;

export function labMetadataFetcher(http: LabHttpClient, timeoutMs = 10_000): MetadataFetcher {
  return async (url) => {
    const response = await http.request(url, { headers: { accept: 'application/json' }, timeoutMs });
    if (response.status !== 200) throw new LabError({ code: 'S2S_METADATA_UNAVAILABLE', statusCode: 502, message: `the STS metadata ${url} answered HTTP ${response.status}`, hop: `exchange → ${stsHost} (STS metadata)` });
    try {
      return JSON.parse(response.body) as unknown;
    } catch (error) {
      throw new LabError({ code: 'S2S_METADATA_INVALID', statusCode: 502, message: `the STS metadata ${url} is not JSON`, hop: `exchange → ${stsHost} (STS metadata)`, cause: error });
    }
  };
}

/**
 * The trusted issuer, cached: fetched on first use, refreshed after `maxAgeSeconds`
 * (24 h), and refetched when a token names a key (`x5t`) the cached document does not
 * hold — a key rollover — but at most once per `minRefetchSeconds` (30 s), so tokens
 * naming unknown keys cannot make the receiver hammer the STS.
 */
export interface TrustedIssuerCache {
  issuer(): Promise<TrustedIssuer>;
  /** Called when a token's x5t is unknown; refetches when allowed and says whether the key is now known. */
  refreshFor(x5t: string): Promise<boolean>;
}

export interface TrustedIssuerCacheOptions {
  readonly trust: ReceiverTrustProvider;
  readonly fetch: MetadataFetcher;
  readonly now: () => Date;
  readonly maxAgeSeconds?: number;
  readonly minRefetchSeconds?: number;
}

export function createTrustedIssuerCache(options: TrustedIssuerCacheOptions): TrustedIssuerCache {
  let cached: { issuer: TrustedIssuer; url: string; fetchedAt: number } | undefined;
  let pending: Promise<TrustedIssuer> | undefined;
  const maxAge = (options.maxAgeSeconds ?? 86_400) * 1000;
  const minRefetch = (options.minRefetchSeconds ?? 30) * 1000;
  const load = (): Promise<TrustedIssuer> => {
    pending ??= (async () => {
      const trust = options.trust();
      try {
        const issuer = trustedIssuerFromMetadata(await options.fetch(trust.metadataUrl), trust.realm);
        cached = { issuer, url: trust.metadataUrl, fetchedAt: options.now().getTime() };
        return issuer;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
  return {
    async issuer() {
      const trust = options.trust();
      if (cached && cached.url === trust.metadataUrl && options.now().getTime() - cached.fetchedAt < maxAge) return cached.issuer;
      return load();
    },
    async refreshFor(x5t) {
      if (cached && options.now().getTime() - cached.fetchedAt < minRefetch) return cached.issuer.keysByX5t.has(x5t);
      return (await load()).keysByX5t.has(x5t);
    },
  };
}
