import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import type { Environment } from '../../shared/config/service-config.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { verifyJwt } from '../../shared/jwt/verify.ts';
import { cliClientId, loginOrigin } from '../../shared/oauth/password-grant.ts';
import { acquireTokenWithUsernamePassword } from '../../shared/oauth/rich-client.ts';
import { fetchPublishedKeys } from '../../shared/oauth/published-keys.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { cliHttpClient } from '../vantage.ts';

/**
 * `lab token --user UPN --password P [--resource R]`: signs in as an ADAL-style rich
 * client would (realm discovery; the password grant for managed domains; MEX, WS-Trust
 * at AD FS and the SAML bearer grant for federated ones), then verifies the access token
 * against the keys azure-auth publishes and prints what it says — never the token itself
 * unless `--raw` asks for it.
 */
export const tokenUsage = `usage: lab token --user <upn> --password <password> [--resource <uri>] [--as internet|corp] [--json] [--raw]
  resource defaults to Exchange Online (00000002-0000-0ff1-ce00-000000000000)`;

const exchangeOnline = '00000002-0000-0ff1-ce00-000000000000';
const shownClaims = ['iss', 'aud', 'upn', 'name', 'oid', 'tid', 'appid', 'amr', 'scp', 'ver'];

export async function runToken(args: string[], env: Environment): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, password: { type: 'string' }, resource: { type: 'string', default: exchangeOnline }, as: { type: 'string' }, json: { type: 'boolean', default: false }, raw: { type: 'boolean', default: false } },
  });
  if (!values.user || values.password === undefined) {
    console.error(tokenUsage);
    return 2;
  }
  const tenantId = loadSeed(env.LAB_SEED ? resolve(env.LAB_SEED) : undefined).tenant.id;
  const http = cliHttpClient(values.as, env);
  try {
    const tokens = await acquireTokenWithUsernamePassword(http, { tenantId, clientId: cliClientId, resource: values.resource, username: values.user, password: values.password, from: 'lab token' });
    const keys = await fetchPublishedKeys(http, `${loginOrigin}/${tenantId}/.well-known/openid-configuration`, 'lab token → azure-auth (signing keys)');
    const claims = await verifyJwt(tokens.accessToken, { keys, issuer: `https://sts.windows.test/${tenantId}/`, audience: values.resource, hop: 'lab token ← azure-auth' });
    const header = decodeProtectedHeader(tokens.accessToken);
    const summary = {
      path: tokens.path.join(' → '),
      signature: `verified (${header.alg}, kid ${header.kid}, against the keys azure-auth publishes)`,
      ...Object.fromEntries(shownClaims.filter((name) => claims[name] !== undefined).map((name) => [name, claims[name]])),
      issuedAt: new Date(Number(claims.iat) * 1000).toISOString(),
      expiresAt: new Date(Number(claims.exp) * 1000).toISOString(),
      ...(values.raw ? { token: tokens.accessToken } : {}),
    };
    console.log(values.json ? JSON.stringify(summary, null, 2) : [`access token for ${values.user}`, ...Object.entries(summary).map(([name, value]) => `  ${name.padEnd(10)} ${Array.isArray(value) ? value.join(' ') : String(value)}`)].join('\n'));
    return 0;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`lab token: ${error.message}${error.hop ? ` (hop: ${error.hop})` : ''}`);
    return 1;
  } finally {
    await http.close();
  }
}
