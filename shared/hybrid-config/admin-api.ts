import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LabError } from '../errors/lab-error.ts';
import type { FederationInformation } from './federation-information.ts';
import { hybridObjectKinds, type AvailabilityAddressSpace, type HybridObjectKind, type HybridObjects } from './objects.ts';
import { federationInformationSchema, hybridObjectSchemas } from './schemas.ts';
import type { HybridConfigStore } from './store.ts';

/**
 * The hybrid management endpoints both Exchanges serve (the Get-/Set- cmdlets of flow F9,
 * server-flows §1.8, §2.1, §2.5), JSON, every route behind the service's own `authorize`:
 * - `GET  /hybrid-admin/objects`: every object of every kind, and the federation information;
 * - `GET  /hybrid-admin/<Kind>`: the objects of one kind;
 * - `PUT  /hybrid-admin/<Kind>/<identity>`: create or replace one; answers `{result: created|updated|unchanged, object}`;
 * - `DELETE /hybrid-admin/<Kind>/<identity>`;
 * - `PUT  /hybrid-admin/federation-information`: what GetFederationInformation answers.
 * An availability address space's password is stored but never shown.
 */
export type Authorize = (request: FastifyRequest) => Promise<void>;

export const hybridAdminPrefix = '/hybrid-admin';

function shown<K extends HybridObjectKind>(kind: K, object: HybridObjects[K]): HybridObjects[K] {
  if (kind !== 'AvailabilityAddressSpace') return object;
  const { Password: _password, ...rest } = object as AvailabilityAddressSpace;
  return rest as HybridObjects[K];
}

export function everything(store: HybridConfigStore): Record<string, unknown> {
  return {
    ...Object.fromEntries(hybridObjectKinds.map((kind) => [kind, store.list(kind).map((object) => shown(kind, object))])),
    FederationInformation: store.federation() ?? null,
  };
}

/** Fastify's validator drops unknown fields silently; a Set- cmdlet refuses a parameter it does not know, so this does too. */
function refuseUnknownFields(kind: HybridObjectKind) {
  const known = new Set(Object.keys((hybridObjectSchemas[kind] as { properties: object }).properties));
  return async (request: FastifyRequest): Promise<void> => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const unknown = Object.keys(body).filter((name) => !known.has(name));
    if (unknown.length) throw new LabError({ code: 'HYBRID_UNKNOWN_FIELD', statusCode: 400, message: `a ${kind} has no ${unknown.slice(0, 5).join(', ')}` });
  };
}

export function registerHybridAdmin(app: FastifyInstance, store: HybridConfigStore, authorize: Authorize, constraints: Record<string, unknown> = {}): void {
  const options = { constraints, config: { errorFormat: 'json' as const }, onRequest: authorize };
  app.get(`${hybridAdminPrefix}/objects`, options, async () => everything(store));
  app.put<{ Body: FederationInformation }>(`${hybridAdminPrefix}/federation-information`, { ...options, schema: { body: federationInformationSchema } }, async (request) => {
    store.setFederation(request.body);
    return store.federation();
  });
  for (const kind of hybridObjectKinds) {
    app.get(`${hybridAdminPrefix}/${kind}`, options, async () => ({ [kind]: store.list(kind).map((object) => shown(kind, object)) }));
    app.put<{ Params: { identity: string }; Body: HybridObjects[typeof kind] }>(`${hybridAdminPrefix}/${kind}/:identity`, { ...options, preValidation: refuseUnknownFields(kind), schema: { body: hybridObjectSchemas[kind] } }, async (request) => {
      const identity = kind === 'AvailabilityAddressSpace' ? (request.body as AvailabilityAddressSpace).ForestName : (request.body as { Name: string }).Name;
      if (identity.toLowerCase() !== request.params.identity.toLowerCase()) {
        throw new LabError({ code: 'HYBRID_IDENTITY_MISMATCH', statusCode: 400, message: `the URL names ${kind} "${request.params.identity}" but the body is "${identity}"` });
      }
      const result = store.upsert(kind, request.body);
      request.log.info({ kind, identity, result }, 'hybrid configuration object written');
      return { result, object: shown(kind, store.get(kind, identity)!) };
    });
    app.delete<{ Params: { identity: string } }>(`${hybridAdminPrefix}/${kind}/:identity`, options, async (request) => {
      if (!store.remove(kind, request.params.identity)) throw new LabError({ code: 'HYBRID_OBJECT_NOT_FOUND', statusCode: 404, message: `no ${kind} "${request.params.identity}"` });
      return { result: 'removed' };
    });
  }
}
