import type { FastifyInstance, FastifyReply } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { SignInFlow } from '../../domain/oauth/sign-in-flows.ts';
import type { AzureAuthRuntime } from '../../domain/runtime.ts';
import { sameSecret } from '../../domain/secrets.ts';
import { flowCookie } from '../cookies.ts';
import { single, type FormValues } from '../form.ts';
import { hostConstraints } from '../hosts.ts';
import { pageErrorHandler } from '../pages.ts';
import type { LoginStep } from './login/login-step.ts';
import { submitPassword } from './login/password-step.ts';
import { submitUsername, switchUser } from './login/username-step.ts';

/** The steps a sign-in form can submit, by its hidden `step` field. */
const steps: Readonly<Record<string, LoginStep>> = {
  username: submitUsername,
  password: submitPassword,
  'switch-user': switchUser,
};

function flowOf(runtime: AzureAuthRuntime, cookie: string | undefined): SignInFlow {
  const flow = runtime.flows.find(cookie, runtime.config.clock());
  if (!flow) throw new LabError({ code: 'SIGN_IN_EXPIRED', statusCode: 400, message: 'no sign-in in progress for this browser (the esctx cookie is missing, unknown or expired)' });
  return flow;
}

/** security.md, login CSRF: the form must echo the canary of this browser's own flow. */
function checkCanary(flow: SignInFlow, form: FormValues): void {
  const canary = single(form, 'canary');
  if (!canary || !sameSecret(canary, flow.canary)) {
    throw new LabError({ code: 'CSRF_TOKEN_INVALID', statusCode: 400, message: `the form's CSRF token (canary) is ${canary ? 'wrong' : 'missing'}` });
  }
}

function stepOf(form: FormValues): LoginStep {
  const name = single(form, 'step') ?? '';
  const step = Object.hasOwn(steps, name) ? steps[name] : undefined;
  if (!step) throw new LabError({ code: 'UNKNOWN_STEP', statusCode: 400, message: `the sign-in form sent an unknown step "${name}"` });
  return step;
}

/** `POST /<tenant>/login`: the username and password forms of a sign-in flow. */
export function registerLogin(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.post<{ Params: { tenant: string } }>('/:tenant/login', { constraints: { host: hostConstraints.login }, errorHandler: pageErrorHandler }, async (request, reply): Promise<FastifyReply> => {
    const form = (request.body ?? {}) as FormValues;
    const flow = flowOf(runtime, request.cookies[flowCookie]);
    checkCanary(flow, form);
    return stepOf(form)({ runtime, reply, flow, form });
  });
}
