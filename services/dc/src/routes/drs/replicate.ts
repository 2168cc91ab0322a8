import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { isLogonFailure } from '../../domain/ad-errors.ts';
import { authenticate } from '../../domain/authenticate.ts';
import type { DirectoryUser } from '../../domain/directory/model.ts';
import type { DirectoryStore } from '../../domain/directory/store.ts';
import { assertMayReplicateSecrets, replicateCredentials } from '../../domain/replication.ts';
import type { DcRuntime } from '../../runtime.ts';

/**
 * POST /drs/replicate: password replication for AD Connect (docs/identity.md, dc),
 * over HTTP Basic as the MSOL_ account. Which failure it was stays in the dc's log:
 * the caller learns only that the credentials were not accepted.
 */
const body = {
  type: 'object',
  required: ['usnFrom'],
  properties: { usnFrom: { type: 'integer', minimum: 0 } },
} as const;

function unauthenticated(store: DirectoryStore, code: string, message: string, cause?: unknown): LabError {
  return new LabError({ code, statusCode: 401, message, challenges: [`Basic realm="${store.naming.dnsHostName}"`], cause });
}

/** RFC 7617: `Basic base64(user-id ":" password)`, UTF-8. */
function basicCredentials(header: string | undefined): { name: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
}

async function caller(store: DirectoryStore, header: string | undefined): Promise<DirectoryUser> {
  const credentials = basicCredentials(header);
  if (!credentials) throw unauthenticated(store, 'AUTHENTICATION_REQUIRED', 'replication needs HTTP Basic credentials of the directory synchronization account');
  try {
    return await authenticate(store, credentials.name, credentials.password);
  } catch (error) {
    if (error instanceof LabError && isLogonFailure(error.code)) throw unauthenticated(store, 'INVALID_CREDENTIALS', 'the user name or password is not accepted', error);
    throw error;
  }
}

export function registerDrsReplicate(app: FastifyInstance, runtime: DcRuntime): void {
  app.post<{ Body: { usnFrom: number } }>(
    '/drs/replicate',
    {
      schema: { body },
      config: { errorFormat: 'json' },
      // Before the body is read: a caller without the right learns nothing about the request format.
      onRequest: async (request) => assertMayReplicateSecrets(await caller(runtime.store, request.headers.authorization)),
    },
    async (request) => replicateCredentials(runtime.store, request.body.usnFrom),
  );
}
