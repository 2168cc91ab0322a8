import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { signJwt } from '../../../../shared/jwt/sign.ts';
import { loadSeed } from '../../../../shared/seed/seed.ts';
import { parseXml } from '../../../../shared/xml/safe-parse.ts';
import { clientAccessSettings, type ClientAccessSettings } from '../../src/config.ts';
import { createFakeCredentialService, directory, type FakeCredentialService } from './fake-credential-service.ts';
import { createOwaTestBed, type OwaTestBed } from './owa-test-bed.ts';

/**
 * exchange-online as the lab builds it, with its outbound client replaced by the fake
 * credential service, for EWS, ActiveSync and Autodiscover tests driven with `inject`.
 */
export interface ClientAccessTestBed {
  readonly owa: OwaTestBed;
  readonly settings: ClientAccessSettings;
  readonly service: FakeCredentialService;
  readonly app: FastifyInstance;
  /** A real RS256 access token from the fake azure-auth for `upn`, with claims overridden. */
  token(upn: string, overrides?: Record<string, unknown>, issuedAt?: Date): Promise<string>;
  dispose(): Promise<void>;
}

export async function createClientAccessTestBed(): Promise<ClientAccessTestBed> {
  const owa = await createOwaTestBed();
  const settings = clientAccessSettings(loadSeed());
  const service = createFakeCredentialService(owa.fake, settings, owa.key('signing/adfs-token-signing'), () => owa.clock.now);
  const app = await owa.build(service);
  return {
    owa,
    settings,
    service,
    app,
    token(upn, overrides = {}, issuedAt = owa.clock.now) {
      const user = directory.find((candidate) => candidate.upn === upn) ?? { oid: 'f0e1d2c3-b4a5-4968-8776-655443322110', name: upn };
      const claims = { aud: settings.appId, iss: settings.issuer, tid: settings.tenantId, oid: user.oid, upn, name: user.name, ver: '1.0', ...overrides };
      return signJwt(claims, owa.fake.published[0]!, { lifetimeSeconds: 3600, now: issuedAt });
    },
    async dispose() {
      await owa.dispose();
      await service.close();
    },
  };
}

export function basic(userName: string, password: string): string {
  return `Basic ${Buffer.from(`${userName}:${password}`, 'utf8').toString('base64')}`;
}

export const joe = basic('joe@contoso.test', 'Joe!Lab2026');

const ewsNs = 'xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"';

/** An EWS request as the EWS Managed API writes it, around `operation`. */
export function ewsEnvelope(operation: string, header = '<t:RequestServerVersion Version="Exchange2013_SP1"/>'): string {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope ${ewsNs}><s:Header>${header}</s:Header><s:Body>${operation}</s:Body></s:Envelope>`;
}

export const findInbox = (shape = 'Default', view = ''): string =>
  ewsEnvelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>${shape}</t:BaseShape></m:ItemShape>${view}<m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`);

export const getFolders = (ids: string, shape = 'Default'): string =>
  ewsEnvelope(`<m:GetFolder><m:FolderShape><t:BaseShape>${shape}</t:BaseShape></m:FolderShape><m:FolderIds>${ids}</m:FolderIds></m:GetFolder>`);

export function ews(app: FastifyInstance, authorization: string | undefined, payload: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/EWS/Exchange.asmx',
    headers: { host: 'outlook.office365.test', 'content-type': 'text/xml; charset=utf-8', 'user-agent': 'ExchangeServicesClient/15.0', ...(authorization ? { authorization } : {}), ...headers },
    payload,
  });
}

/** The texts of every element called `name` in `namespace` in `xml`, parsed with the lab's parser (so the answer must be well-formed). */
export function texts(xml: string, namespace: string, name: string): string[] {
  const document = parseXml(xml);
  const found = namespace === '' ? document.getElementsByTagName(name) : document.getElementsByTagNameNS(namespace, name);
  return Array.from(found).map((element) => element.textContent ?? '');
}

export function attributes(xml: string, namespace: string, name: string, attribute: string): string[] {
  return Array.from(parseXml(xml).getElementsByTagNameNS(namespace, name)).map((element) => element.getAttribute(attribute) ?? '');
}

export const ns = {
  types: 'http://schemas.microsoft.com/exchange/services/2006/types',
  messages: 'http://schemas.microsoft.com/exchange/services/2006/messages',
  errors: 'http://schemas.microsoft.com/exchange/services/2006/errors',
} as const;
