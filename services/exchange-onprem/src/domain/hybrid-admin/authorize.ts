import type { FastifyRequest } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { namesNtlmScheme } from '../../../../../shared/ntlm/http-authorization.ts';
import type { Seed } from '../../../../../shared/seed/seed.ts';
import { relayedByEdge } from '../edge-relay.ts';
import { authenticateOnprem, basicOnly, unauthorized, type PasswordCheck } from '../client-access/authenticate.ts';

/**
 * Who may manage Exchange on-premises' hybrid configuration (Exchange Management Shell;
 * the hybrid wizard, flow F9): from corp only — like AD FS's management endpoints, never
 * through the edge. A request the edge relayed comes from the edge's corp address and
 * carries its `Via`/`X-Forwarded-For`; either is refused (403 MANAGEMENT_FROM_INTERNET).
 * Then Basic, the password checked by the dc, and the caller must be a member of the
 * seed's `Domain Admins` (the lab's stand-in for Organization Management). Windows
 * authentication runs on EWS and Autodiscover only; here an NTLM or Negotiate attempt
 * is told to use Basic.
 */
export interface HybridAdminAccess {
  /** The edge's corp address: every request it publishes arrives from there. */
  readonly edgeAddress: string;
  readonly checkPassword: PasswordCheck;
  readonly seed: Seed;
}

const hop = 'admin → exchange-onprem (hybrid management)';
const adminGroup = 'Domain Admins';

function administrators(seed: Seed): Set<string> {
  const members = new Set(seed.activeDirectory.groups.find((group) => group.sAMAccountName === adminGroup)?.members.map((name) => name.toLowerCase()) ?? []);
  const names = seed.activeDirectory.users.filter((user) => members.has(user.sAMAccountName.toLowerCase())).flatMap((user) => [user.sAMAccountName, user.userPrincipalName]);
  return new Set(names.map((name) => name.toLowerCase()));
}

export function hybridAdminAuthorizer(access: HybridAdminAccess): (request: FastifyRequest) => Promise<void> {
  const admins = administrators(access.seed);
  return async (request) => {
    if (relayedByEdge(request, access.edgeAddress)) {
      throw new LabError({ code: 'MANAGEMENT_FROM_INTERNET', statusCode: 403, hop, message: 'Exchange hybrid management is available from the corporate network only, not through the edge' });
    }
    if (namesNtlmScheme(request.headers.authorization)) {
      throw unauthorized('WINDOWS_AUTH_UNAVAILABLE', "the lab's hybrid management endpoints take Basic only, not NTLM or Negotiate (those run on EWS and Autodiscover)", basicOnly);
    }
    const user = await authenticateOnprem(request.headers.authorization, access.checkPassword, { mailbox: () => undefined });
    if (!admins.has(user.upn.toLowerCase())) {
      throw new LabError({ code: 'ACCESS_DENIED', statusCode: 403, hop, message: `${user.upn} is not a member of ${adminGroup}, which hybrid management requires` });
    }
  };
}
