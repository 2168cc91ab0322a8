import { LabError } from '../../../../../../../shared/errors/lab-error.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import type { Tenant } from '../../../../domain/tenant.ts';
import { single, type FormValues } from '../../../form.ts';

/** What a grant handler gets: the form of `POST /<tenant>/oauth2/token` and the tenant it named. */
export interface GrantInput {
  readonly runtime: AzureAuthRuntime;
  readonly tenant: Tenant;
  readonly form: FormValues;
}

/** RFC 6749 §5.1 with Azure AD v1's fields (times as strings, as v1 sends them). */
export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly scope: string;
  readonly expires_in: string;
  readonly ext_expires_in: string;
  readonly expires_on: string;
  readonly not_before: string;
  readonly resource: string;
  readonly access_token: string;
  readonly id_token?: string;
}

export type GrantHandler = (input: GrantInput) => Promise<TokenResponse>;

/** A required form parameter, or Azure AD's AADSTS900144. */
export function required(form: FormValues, name: string): string {
  const value = single(form, name);
  if (value === undefined) throw new LabError({ code: 'AADSTS900144', statusCode: 400, wireCode: 'invalid_request', message: `The request body must contain the following parameter: '${name}'.` });
  return value;
}

export function wantsIdToken(scope: string): boolean {
  return scope.split(/\s+/).includes('openid');
}
