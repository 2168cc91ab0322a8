import { timingSafeEqual } from 'node:crypto';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { OwaSettings } from '../config.ts';
import type { AzureAuthClient } from './azure-auth-client.ts';
import type { PendingSignIn } from './pending-sign-in.ts';
import type { OwaUser } from './sessions.ts';
import { verifyAccessToken, verifyIdToken } from './verify-tokens.ts';

/**
 * The form_post azure-auth makes to /owa/ (identity.md), checked in order: the
 * response itself, the state, the code redeemed, the access token, the id_token.
 * Each step either passes or throws a LabError naming its hop.
 */
export interface FormPost {
  readonly code?: string;
  readonly id_token?: string;
  readonly state?: string;
  readonly error?: string;
  readonly error_description?: string;
}

export interface SignInContext {
  readonly settings: OwaSettings;
  readonly tokens: AzureAuthClient;
  readonly now: Date;
  readonly correlationId: string;
}

const stateHop = 'browser → exchange-online (state check)';
const responseHop = 'azure-auth → browser → exchange-online (form_post)';

function badRequest(code: string, message: string, hop: string): LabError {
  return new LabError({ code, statusCode: 400, message, hop });
}

function checkResponse(form: FormPost): asserts form is FormPost & { code: string; id_token: string; state: string } {
  if (form.error) {
    throw new LabError({ code: 'OWA_SIGN_IN_REFUSED', statusCode: 401, wireCode: form.error, message: `azure-auth did not sign the user in: ${form.error}${form.error_description ? `: ${form.error_description}` : ''}`, hop: responseHop });
  }
  const missing = (['code', 'id_token', 'state'] as const).filter((field) => !form[field]);
  if (missing.length) throw badRequest('OWA_FORM_INCOMPLETE', `the sign-in response lacks ${missing.join(', ')}`, responseHop);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function checkState(pending: PendingSignIn | undefined, state: string, now: Date): PendingSignIn {
  if (!pending) throw badRequest('OWA_STATE_UNKNOWN', 'this browser has no sign-in in progress (its sign-in cookie is missing, used or unknown); start again at /owa/', stateHop);
  if (pending.expires <= now) throw badRequest('OWA_STATE_EXPIRED', 'the sign-in took too long and its state has expired; start again at /owa/', stateHop);
  if (!sameText(pending.state, state)) throw badRequest('OWA_STATE_MISMATCH', 'the state in the response is not the one OWA sent from this browser', stateHop);
  return pending;
}

/** Runs the steps; returns the user to start a session for. */
export async function completeSignIn(form: FormPost, pending: PendingSignIn | undefined, context: SignInContext): Promise<OwaUser> {
  checkResponse(form);
  const { nonce } = checkState(pending, form.state, context.now);
  const { accessToken } = await context.tokens.redeemCode(form.code, context.correlationId);
  const user = await verifyAccessToken(context.tokens, context.settings, accessToken, context.now);
  await verifyIdToken(context.tokens, context.settings, form.id_token, { nonce, code: form.code, user }, context.now);
  return user;
}
