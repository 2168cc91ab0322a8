import type { FastifyReply } from 'fastify';
import type { SignInFlow } from '../../../domain/oauth/sign-in-flows.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import type { FormValues } from '../../form.ts';

/** What each step of `POST /<tenant>/login` gets: a flow already checked for its CSRF token. */
export interface LoginStepInput {
  readonly runtime: AzureAuthRuntime;
  readonly reply: FastifyReply;
  readonly flow: SignInFlow;
  readonly form: FormValues;
}

export type LoginStep = (input: LoginStepInput) => Promise<FastifyReply>;
