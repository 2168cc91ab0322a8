import type { FastifyInstance, FastifyReply } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { escapeXml } from '../../../../../shared/xml/escape.ts';
import { cloudInstanceName, discoverRealm, passiveAuthUrl, type Realm } from '../../domain/federation/realm.ts';
import type { AzureAuthRuntime } from '../../domain/runtime.ts';
import { hostConstraints } from '../hosts.ts';

/**
 * `GetUserRealm.srf` (client-flows §2.1): `GET ?login=` answers JSON; `POST login=&xml=1`
 * answers the `<RealmInfo>` XML Exchange's Basic-auth proxy reads for STSAuthURL
 * (State 3 federated, 4 managed; PreferredProtocol 1 WS-Trust).
 */

function state(realm: Realm): number {
  return realm.namespaceType === 'Federated' ? 3 : 4;
}

function json(realm: Realm): Record<string, unknown> {
  return {
    State: state(realm),
    UserState: realm.namespaceType === 'Federated' ? 2 : 1,
    Login: realm.login,
    NameSpaceType: realm.namespaceType,
    DomainName: realm.domainName,
    FederationGlobalVersion: -1,
    AuthURL: passiveAuthUrl(realm) ?? null,
    FederationBrandName: realm.brandName,
    CloudInstanceName: cloudInstanceName,
  };
}

function xml(realm: Realm): string {
  const federation = realm.federation;
  const fields: [string, string | number | undefined][] = [
    ['State', state(realm)],
    ['UserState', realm.namespaceType === 'Federated' ? 2 : 1],
    ['Login', realm.login],
    ['NameSpaceType', realm.namespaceType],
    ['DomainName', realm.domainName],
    ['FederationGlobalVersion', -1],
    ['AuthURL', passiveAuthUrl(realm)],
    ['IsFederatedNS', String(realm.namespaceType === 'Federated')],
    ['STSAuthURL', federation?.ActiveLogOnUri],
    ['FederationBrandName', realm.brandName],
    ['Certificate', federation?.SigningCertificate],
    ['MEXURL', federation?.MetadataExchangeUri],
    ['PreferredProtocol', federation ? 1 : 0],
    ['CloudInstanceName', cloudInstanceName],
  ];
  const body = fields.filter(([, value]) => value !== undefined).map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?><RealmInfo Success="true">${body}</RealmInfo>`;
}

function loginOf(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
    throw new LabError({ code: 'AADSTS900144', statusCode: 400, wireCode: 'invalid_request', message: "The request body must contain the following parameter: 'login'." });
  }
  return value;
}

export function registerGetUserRealm(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  const options = { constraints: { host: hostConstraints.login }, config: { errorFormat: 'oauth' as const } };
  app.get<{ Querystring: { login?: string } }>('/GetUserRealm.srf', options, async (request) => json(discoverRealm(runtime, loginOf(request.query.login))));
  app.post<{ Body: { login?: string; xml?: string } }>('/GetUserRealm.srf', options, async (request, reply: FastifyReply) => {
    const realm = discoverRealm(runtime, loginOf(request.body?.login));
    if (request.body?.xml === '1') return reply.type('text/xml; charset=utf-8').send(xml(realm));
    return json(realm);
  });
}
