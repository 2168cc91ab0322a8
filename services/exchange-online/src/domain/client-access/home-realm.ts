import type { Element } from '@xmldom/xmldom';
import type { LabHttpClient } from '../../../../../shared/http/client.ts';
import { childElements } from '../../../../../shared/xml/dom.ts';
import { parseXml } from '../../../../../shared/xml/safe-parse.ts';
import type { ClientAccessSettings } from '../../config.ts';
import { credentialFailure } from './credential-failure.ts';
import { callUpstream } from './upstream-call.ts';

/**
 * Step 1 of the Basic-auth proxy (client-flows §2.4, [EXO] HomeRealmDiscovery.cs):
 * `POST GetUserRealm.srf` with `login=<upn>&xml=1`, read the `<RealmInfo>`: the
 * namespace type, and for a federated domain its active STS URL (STSAuthURL).
 */
export interface HomeRealm {
  readonly namespaceType: 'Managed' | 'Federated' | 'Unknown';
  readonly stsAuthUrl: string | undefined;
}

export const realmHop = 'exchange-online → login.microsoftonline.test (GetUserRealm.srf)';

function field(realmInfo: Element, name: string): string | undefined {
  return childElements(realmInfo).find((element) => element.localName === name)?.textContent?.trim() || undefined;
}

function unusable(problem: string): Error {
  return credentialFailure({ kind: 'unavailable', code: 'BASIC_REALM_UNUSABLE', message: `realm discovery answered ${problem}`, hop: realmHop });
}

export async function discoverHomeRealm(http: LabHttpClient, settings: ClientAccessSettings, userName: string, correlationId: string): Promise<HomeRealm> {
  const response = await callUpstream({
    http,
    url: settings.realmUrl,
    init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login: userName, xml: '1' }).toString(), correlationId, timeoutMs: settings.upstreamTimeoutMs },
    hop: realmHop,
    whenUnreachable: 'unavailable',
    retryAfterSeconds: settings.retryAfterSeconds,
  });
  if (response.status !== 200) throw unusable(`HTTP ${response.status}`);
  let root;
  try {
    root = parseXml(response.body, { maxBytes: 64 * 1024 }).documentElement;
  } catch {
    throw unusable('with a body that is not XML');
  }
  if (!root || root.localName !== 'RealmInfo') throw unusable('without a RealmInfo element');
  const type = field(root, 'NameSpaceType');
  const namespaceType = type === 'Managed' || type === 'Federated' ? type : 'Unknown';
  return { namespaceType, stsAuthUrl: namespaceType === 'Federated' ? field(root, 'STSAuthURL') : undefined };
}
