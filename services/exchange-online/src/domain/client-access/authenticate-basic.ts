import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { verifyClientAccessToken } from '../verify-tokens.ts';
import { isSmtpAddress } from '../../../../../shared/http/authorization-header.ts';
import type { ClientUser } from './client-user.ts';
import { passwordToken, redeemAssertion } from './cloud-token.ts';
import { credentialFailure } from './credential-failure.ts';
import type { ClientAccessDependencies } from './dependencies.ts';
import { requestAssertion } from './federated-sts.ts';
import { discoverHomeRealm, realmHop, type HomeRealm } from './home-realm.ts';
import { provisionedMailbox } from './provisioned-mailbox.ts';

/**
 * Exchange Online's Basic-auth proxy (flow F6; client-flows §2.4 and §3), step by step:
 * the user name must be an SMTP address; a cached success is reused; home-realm
 * discovery; for a federated domain the STS's assertion traded at azure-auth, for a
 * managed one the password grant; azure-auth's token verified like any other; the
 * mailbox found. Each step throws a CredentialServiceError naming its hop.
 */
export interface BasicSignIn {
  readonly userName: string;
  readonly password: string;
  readonly clientIp: string;
  readonly userAgent: string;
  /** X-MS-Client-Application of the protocol asking (client-flows §2.4). */
  readonly application: string;
  readonly correlationId: string;
}

export const basicTokenHop = 'exchange-online ← azure-auth (access token for a Basic user)';

function requireSmtpName(userName: string): void {
  if (isSmtpAddress(userName)) return;
  throw credentialFailure({ kind: 'bad-credentials', code: 'BASIC_NOT_SMTP', message: 'the Basic user name must be an SMTP address (user@domain)', hop: 'exchange-online (Basic credentials)' });
}

async function cloudToken(deps: ClientAccessDependencies, realm: HomeRealm, signIn: BasicSignIn): Promise<string> {
  if (realm.namespaceType === 'Unknown') {
    throw credentialFailure({ kind: 'not-found', code: 'BASIC_UNKNOWN_DOMAIN', message: `${signIn.userName.split('@')[1]} is not a domain of this tenant`, hop: realmHop });
  }
  if (realm.namespaceType === 'Managed') return passwordToken(deps.http, deps.settings, signIn.userName, signIn.password, signIn.correlationId);
  if (!realm.stsAuthUrl) {
    throw credentialFailure({ kind: 'idp-failure', code: 'BASIC_NO_STS', message: 'the domain is federated but the cloud knows no STS for it (run `lab federate`)', hop: realmHop, federated: true });
  }
  const assertion = await requestAssertion(deps.http, deps.settings, { ...signIn, stsUrl: realm.stsAuthUrl });
  return redeemAssertion(deps.http, deps.settings, assertion, realm.stsAuthUrl, signIn.correlationId);
}

/** azure-auth's token must verify as any client's would; if it does not, Exchange is at fault (500), or azure-auth is away (503). */
async function verifiedUser(deps: ClientAccessDependencies, token: string, realm: HomeRealm): Promise<Awaited<ReturnType<typeof verifyClientAccessToken>>> {
  try {
    return await verifyClientAccessToken(deps.azureAuth, deps.settings, token, deps.now(), basicTokenHop);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    const away = error.statusCode >= 500;
    throw credentialFailure({
      kind: away ? 'unavailable' : 'internal',
      code: away ? 'BASIC_KEYS_UNAVAILABLE' : 'BASIC_TOKEN_UNVERIFIED',
      message: `azure-auth's token for the user could not be verified: ${error.code}: ${error.message}`,
      hop: error.hop ?? basicTokenHop,
      federated: realm.namespaceType === 'Federated',
      stsUrl: realm.stsAuthUrl,
      retryAfterSeconds: deps.settings.retryAfterSeconds,
      cause: error,
    });
  }
}

export async function authenticateBasic(deps: ClientAccessDependencies, signIn: BasicSignIn): Promise<ClientUser> {
  requireSmtpName(signIn.userName);
  const cached = deps.credentialCache.get(signIn.userName, signIn.password, deps.now());
  if (cached) return cached;
  const realm = await discoverHomeRealm(deps.http, deps.settings, signIn.userName, signIn.correlationId);
  const token = await cloudToken(deps, realm, signIn);
  const user = await verifiedUser(deps, token, realm);
  const federated = realm.namespaceType === 'Federated';
  const mailbox = provisionedMailbox(deps, user.upn, { federated, stsUrl: realm.stsAuthUrl });
  const signedIn: ClientUser = { upn: user.upn, name: user.name, objectId: user.objectId, mailbox, method: federated ? 'basic-federated' : 'basic-managed' };
  deps.credentialCache.put(signIn.userName, signIn.password, signedIn, deps.now(), user.expiresAt);
  return signedIn;
}
