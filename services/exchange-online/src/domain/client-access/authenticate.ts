import { authenticateBasic } from './authenticate-basic.ts';
import { authenticateBearer, bearerChallenges } from './authenticate-bearer.ts';
import { readAuthorization } from '../../../../../shared/http/authorization-header.ts';
import type { ClientUser } from './client-user.ts';
import { basicChallenge, credentialFailure } from './credential-failure.ts';
import type { ClientAccessDependencies } from './dependencies.ts';

/**
 * Who is calling EWS, ActiveSync or Autodiscover, from the Authorization header: Basic
 * (flow F6) or Bearer (F7). No credentials, or a scheme Exchange Online does not take
 * here, is 401 challenging for both: the Bearer challenge and `Basic Realm=""`.
 */
export interface ClientRequest {
  readonly authorization: string | undefined;
  readonly clientIp: string;
  readonly userAgent: string;
  readonly application: string;
  readonly correlationId: string;
}

const basicHop = 'exchange-online (Basic credentials)';

export async function authenticateClient(deps: ClientAccessDependencies, request: ClientRequest): Promise<ClientUser> {
  const credentials = readAuthorization(request.authorization);
  switch (credentials.scheme) {
    case 'basic':
      return authenticateBasic(deps, { ...request, userName: credentials.userName, password: credentials.password });
    case 'bearer':
      return authenticateBearer(deps, credentials.token);
    case 'malformed-basic':
      throw credentialFailure({ kind: 'bad-credentials', code: 'BASIC_MALFORMED', message: credentials.problem, hop: basicHop });
    case 'none': {
      const message = credentials.offered ? `the ${credentials.offered} scheme is not accepted here; use Basic or Bearer` : 'the request has no credentials';
      throw credentialFailure({ kind: 'bad-credentials', code: 'AUTHENTICATION_REQUIRED', message, hop: 'client → exchange-online', challenges: [bearerChallenges(deps)[0]!, basicChallenge] });
    }
  }
}
