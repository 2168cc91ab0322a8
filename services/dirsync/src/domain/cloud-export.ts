import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { LabHttpClient } from '../../../../shared/http/client.ts';
import type { DirsyncConfig } from '../config.ts';
import type { CloudObject } from './transform.ts';

/**
 * The cloud side of dirsync: a token for the tenant's sync account (password grant,
 * cached until shortly before it expires), then the directory sync web service at
 * adminwebservice.microsoftonline.test — always through the edge proxy, since dirsync
 * lives on corp, with the cloud's certificate verified against the lab CA.
 */
export type ObjectOutcome = 'added' | 'updated' | 'soft-matched' | 'hard-matched' | 'deleted' | 'unchanged' | 'error';

export interface ExportResult {
  readonly sourceAnchor: string;
  readonly outcome: ObjectOutcome;
  readonly error?: string;
}

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
    const response = await this.#http.request(`https://login.microsoftonline.test/${this.#config.tenantId}/oauth2/token`, {
      method: 'POST',
      correlationId,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: syncClientId, resource: syncResource, username: this.#config.cloudAccount.userPrincipalName, password: this.#config.cloudAccount.password }).toString(),
    });
    const body = parseJson(response.body);
    if (response.status !== 200 || typeof body.access_token !== 'string') {
      throw new LabError({ code: 'SYNC_TOKEN_REFUSED', statusCode: 502, expose: true, message: `azure-auth refused the sync account's token: ${String(body.error_description ?? body.error ?? response.status)}`, hop: 'dirsync → login.microsoftonline.test' });
    }
    const lifetime = Number(body.expires_in ?? 3600);
    this.#token = { value: body.access_token, refreshAt: Date.now() + Math.max(lifetime - 120, 30) * 1000 };
    return body.access_token;
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
