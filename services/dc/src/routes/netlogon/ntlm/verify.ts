import type { FastifyInstance } from 'fastify';
import type { DcRuntime } from '../../../runtime.ts';
import { verifyNetlogon, type NetlogonRequest } from '../../../domain/ntlm/netlogon.ts';

/**
 * POST /netlogon/ntlm/verify: NTLM pass-through (docs/identity.md, dc). The server
 * that issued the challenge sends what the client answered; the NT hash never
 * leaves the dc. Errors are JSON with a STATUS_* code.
 */
const body = {
  type: 'object',
  required: ['domain', 'userName', 'serverChallenge', 'ntChallengeResponse'],
  properties: {
    domain: { type: 'string', maxLength: 256 },
    userName: { type: 'string', minLength: 1, maxLength: 256 },
    workstation: { type: 'string', maxLength: 256 },
    serverChallenge: { type: 'string', pattern: '^[0-9a-fA-F]{16}$' },
    ntChallengeResponse: { type: 'string', minLength: 1, maxLength: 8192, pattern: '^[A-Za-z0-9+/]+={0,2}$' },
  },
} as const;

export function registerNtlmVerify(app: FastifyInstance, runtime: DcRuntime): void {
  app.post<{ Body: NetlogonRequest }>('/netlogon/ntlm/verify', { schema: { body }, config: { errorFormat: 'json' } }, async (request) => {
    const user = verifyNetlogon(runtime.store, runtime.challenges, request.body);
    return { sAMAccountName: user.sAMAccountName, userPrincipalName: user.userPrincipalName, objectGUID: user.objectGUID, displayName: user.displayName };
  });
}
