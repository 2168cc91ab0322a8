import type { AdfsRuntime } from '../runtime.ts';
import type { DirectoryUser, LogonContext } from '../credentials/credential-checker.ts';
import { findRelyingPartyTrust, type RelyingPartyTrust } from '../relying-parties.ts';
import { actionNotSupported, invalidTimestamp, logonRefused, malformedRequest, unknownRelyingParty } from './faults.ts';
import type { RequestSecurityToken } from './read-request.ts';
import type { WsTrustVersion } from './versions.ts';

/** The steps of an issue request, each making one check (style.md: node-oidc-provider's shape). */

/** The Action decides the version (client-flows §1.7); a 1.3 RST at the 2005 endpoint is refused, not guessed. */
export function checkAction(action: string, version: WsTrustVersion): void {
  if (action !== version.requestAction) throw actionNotSupported(action, version.requestAction);
}

/** WS-Security §10 Timestamp: Created within the allowed skew of now, and not expired. */
export function checkTimestamp(rst: RequestSecurityToken, now: Date, skewSeconds: number): void {
  const skewMs = skewSeconds * 1000;
  if (rst.created.getTime() > now.getTime() + skewMs) throw invalidTimestamp(`was created in the future (${rst.created.toISOString()}, more than ${skewSeconds} s ahead)`);
  if (rst.created.getTime() < now.getTime() - skewMs) throw invalidTimestamp(`is stale (created ${rst.created.toISOString()}, more than ${skewSeconds} s ago)`);
  if (rst.expires && rst.expires.getTime() < rst.created.getTime()) throw malformedRequest('wsu:Expires is before wsu:Created');
  if (rst.expires && rst.expires.getTime() < now.getTime() - skewMs) throw invalidTimestamp(`expired at ${rst.expires.toISOString()}`);
}

/** usernamemixed issues bearer tokens only: RequestType Issue, KeyType bearer or left out. */
export function checkRequestType(rst: RequestSecurityToken, version: WsTrustVersion): void {
  if (rst.requestType !== version.requestType) throw malformedRequest(`RequestType must be ${version.requestType}`);
  if (rst.keyType !== undefined && rst.keyType !== version.bearerKeyType) throw malformedRequest(`KeyType must be ${version.bearerKeyType} (bearer)`);
}

export function relyingPartyTrustFor(runtime: AdfsRuntime, rst: RequestSecurityToken): RelyingPartyTrust {
  const trust = findRelyingPartyTrust(runtime.relyingPartyTrusts, rst.appliesTo);
  if (!trust) throw unknownRelyingParty(rst.appliesTo);
  return trust;
}

/** The dc decides (docs/federation.md): its bind diagnostic becomes the fault's subcode. */
export async function authenticate(runtime: AdfsRuntime, rst: RequestSecurityToken, context?: LogonContext): Promise<DirectoryUser> {
  // RFC 4513 §5.1.2: an empty password would be an unauthenticated bind, which succeeds.
  if (rst.username === '' || rst.password === '') throw logonRefused('bad-password', runtime.config.federationServiceName);
  const result = await runtime.credentials.check(rst.username, rst.password, context);
  if (!result.ok) throw logonRefused(result.failure, runtime.config.federationServiceName);
  return result.user;
}
