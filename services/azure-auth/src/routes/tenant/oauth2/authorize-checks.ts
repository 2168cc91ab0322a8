import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import type { AuthorizeRequest } from '../../../domain/oauth/authorize-request.ts';
import { checkRedirectUri, registeredClient, type RegisteredClient } from '../../../domain/oauth/clients.ts';
import { single, type FormValues } from '../../form.ts';

/**
 * The checks of `GET /<tenant>/oauth2/authorize`, in order, one concern each. Every
 * failure is an error page: nothing is sent to a redirect URI before it has been
 * matched exactly against the client's registration (security.md, open redirect).
 */
function missing(name: string): LabError {
  return new LabError({ code: 'AADSTS900144', statusCode: 400, wireCode: 'invalid_request', message: `The request body must contain the following parameter: '${name}'.` });
}

export function checkClient(query: FormValues): RegisteredClient {
  const clientId = single(query, 'client_id');
  if (!clientId) throw missing('client_id');
  return registeredClient(clientId);
}

export function checkRedirect(client: RegisteredClient, query: FormValues): string {
  const redirectUri = single(query, 'redirect_uri');
  if (!redirectUri) throw missing('redirect_uri');
  checkRedirectUri(client, redirectUri);
  return redirectUri;
}

/** OIDC Core §3.3: `code id_token` (hybrid) or `code`; the order of the words does not matter. */
export function checkResponseType(query: FormValues): AuthorizeRequest['responseType'] {
  const responseType = single(query, 'response_type');
  if (!responseType) throw missing('response_type');
  const words = responseType.split(' ').filter(Boolean).sort().join(' ');
  if (words === 'code' || words === 'code id_token') return words;
  throw new LabError({ code: 'AADSTS70005', statusCode: 400, wireCode: 'unsupported_response_type', message: `response_type '${responseType}' is not enabled for the application; use 'code id_token' or 'code'.` });
}

/** This lab answers only with form_post (docs/identity.md); absent means form_post too. */
export function checkResponseMode(query: FormValues): void {
  const responseMode = single(query, 'response_mode') ?? 'form_post';
  if (responseMode !== 'form_post') {
    throw new LabError({ code: 'AADSTS900352', statusCode: 400, wireCode: 'invalid_request', message: `response_mode '${responseMode}' is not supported here; this lab answers with response_mode=form_post only.` });
  }
}

/** OIDC Core §3.3.2.11: a nonce is required whenever an id_token comes back from the authorization endpoint. */
export function checkNonce(responseType: AuthorizeRequest['responseType'], query: FormValues): string | null {
  const nonce = single(query, 'nonce') ?? null;
  if (responseType === 'code id_token' && nonce === null) {
    throw new LabError({ code: 'AADSTS90014', statusCode: 400, wireCode: 'invalid_request', message: "The required field 'nonce' is missing from the request; it is required when response_type includes id_token." });
  }
  return nonce;
}
