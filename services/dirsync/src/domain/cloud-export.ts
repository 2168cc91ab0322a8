import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { LabHttpClient } from '../../../../shared/http/client.ts';
import { passwordGrant } from '../../../../shared/oauth/password-grant.ts';
import type { DirsyncConfig } from '../config.ts';
import type { SyncResult } from '../../../../shared/identity/directory-sync-contract.ts';
import type { CloudObject } from './transform.ts';

/**
 * The cloud side of dirsync: a token for the tenant's sync account (password grant,
 * cached until shortly before it expires), then the directory sync web service at
 * adminwebservice.microsoftonline.test — always through the edge proxy, since dirsync
 * lives on corp, with the cloud's certificate verified against the lab CA.
 */
export type ExportResult = SyncResult;

/** AD Connect's application id. */
const syncClientId = 'cb1056e2-e479-49de-ae31-7812af012ed8';
const syncResource = 'https://adminwebservice.microsoftonline.test';
const batchSize = 50;

export class CloudExporter {
  readonly #http: LabHttpClient;
  readonly #config: DirsyncConfig;
  #token: { value: string; refreshAt: number } | undefined;

  constructor(http: LabHttpClient, config: DirsyncConfig) {
    this.#http = http;
    this.#config = config;
  }

  async #accessToken(correlationId: string): Promise<string> {
    if (this.#token && Date.now() < this.#token.refreshAt) return this.#token.value;
    const account = this.#config.cloudAccount;
    const tokens = await passwordGrant(this.#http, { tenantId: this.#config.tenantId, clientId: syncClientId, resource: syncResource, username: account.userPrincipalName, password: account.password, correlationId, from: 'dirsync' });
    this.#token = { value: tokens.accessToken, refreshAt: Date.now() + Math.max(tokens.expiresIn - 120, 30) * 1000 };
    return tokens.accessToken;
  }

  async #post(path: string, payload: object, correlationId: string): Promise<Record<string, unknown>> {
    const token = await this.#accessToken(correlationId);
    const response = await this.#http.request(`${syncResource}/${this.#config.tenantId}/directorysync/${path}`, {
      method: 'POST',
      correlationId,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    });
    const body = parseJson(response.body);
    if (response.status !== 200) {
      if (response.status === 401) this.#token = undefined;
      throw new LabError({ code: 'SYNC_EXPORT_FAILED', statusCode: 502, expose: true, message: `the directory sync web service answered ${response.status}: ${String(body.error_description ?? body.message ?? body.error ?? '')}`, hop: 'dirsync → adminwebservice.microsoftonline.test' });
    }
    return body;
  }

  async exportObjects(objects: readonly CloudObject[], correlationId: string): Promise<ExportResult[]> {
    const results: ExportResult[] = [];
    for (let start = 0; start < objects.length; start += batchSize) {
      const body = await this.#post('objects', { objects: objects.slice(start, start + batchSize) }, correlationId);
      results.push(...((body.results as ExportResult[] | undefined) ?? []));
    }
    return results;
  }

  async exportPasswords(credentials: readonly { sourceAnchor: string; credentialData: string }[], correlationId: string): Promise<ExportResult[]> {
    const results: ExportResult[] = [];
    for (let start = 0; start < credentials.length; start += batchSize) {
      const body = await this.#post('passwords', { credentials: credentials.slice(start, start + batchSize) }, correlationId);
      results.push(...((body.results as ExportResult[] | undefined) ?? []));
    }
    return results;
  }
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
