import { LabError } from '../../../../../../../shared/errors/lab-error.ts';
import type { CodeGrant } from '../../../../domain/oauth/authorization-codes.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import { accountDisabled, unknownUser } from '../../../../domain/sign-in/aadsts.ts';
import type { UserRecord } from '../../../../domain/users.ts';
import { single } from '../../../form.ts';
import { required, type GrantInput, type TokenResponse } from './grant.ts';
import { issueTokens } from './issue-tokens.ts';

/** RFC 6749 §4.1.3: the code was issued to this client, for this exact redirect URI. */
function checkBinding(grant: CodeGrant, clientId: string, redirectUri: string): void {
  if (grant.clientId !== clientId.toLowerCase()) throw new LabError({ code: 'AADSTS70002', statusCode: 400, wireCode: 'invalid_grant', message: `The authorization code was issued to another client than '${clientId}'.` });
  if (grant.redirectUri !== redirectUri) throw new LabError({ code: 'AADSTS50011', statusCode: 400, wireCode: 'invalid_grant', message: `The redirect URI '${redirectUri}' does not match the one the authorization code was issued for.` });
}

/** The user may have been disabled or deleted since the code was issued. */
function stillActive(runtime: AzureAuthRuntime, objectId: string): UserRecord {
  const user = runtime.users.byObjectId(objectId);
  if (!user || user.deletedAt !== null) throw unknownUser(user?.userPrincipalName ?? objectId, runtime.directory.tenant().displayName);
  if (!user.accountEnabled) throw accountDisabled();
  return user;
}

function resourceOf(grant: CodeGrant, requested: string | undefined): string {
  const resource = requested ?? grant.resource;
  if (!resource) throw new LabError({ code: 'AADSTS900144', statusCode: 400, wireCode: 'invalid_request', message: "The request body must contain the following parameter: 'resource' (the authorize request named none)." });
  return resource;
}

/** `grant_type=authorization_code`: a one-time code, 10 minutes, bound to client and redirect URI. */
export async function redeemAuthorizationCode({ runtime, tenant, form }: GrantInput): Promise<TokenResponse> {
  const code = required(form, 'code');
  const clientId = required(form, 'client_id');
  const redirectUri = required(form, 'redirect_uri');
  const grant = runtime.codes.redeem(code, runtime.config.clock());
  checkBinding(grant, clientId, redirectUri);
  const user = stillActive(runtime, grant.objectId);
  return issueTokens(runtime, { user, tenant, clientId: grant.clientId, resource: resourceOf(grant, single(form, 'resource')), scope: grant.scope, nonce: grant.nonce, authenticationMethods: grant.authenticationMethods });
}
