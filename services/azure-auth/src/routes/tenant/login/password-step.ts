import type { FastifyReply } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import { signInWithPassword } from '../../../domain/sign-in/password-sign-in.ts';
import { flowCookie, flowCookieOptions, sessionCookie, sessionCookieOptions } from '../../cookies.ts';
import { single } from '../../form.ts';
import { respondWithCode } from '../oauth2/form-post-response.ts';
import { problem, showPasswordPage, showUsernamePage } from './flow-pages.ts';
import type { LoginStepInput } from './login-step.ts';

/** Step two: the password of the username chosen in step one (the form cannot change it). */
export async function submitPassword({ runtime, reply, flow, form }: LoginStepInput): Promise<FastifyReply> {
  const username = flow.username;
  if (!username) return showUsernamePage(runtime, reply, flow);
  const password = single(form, 'passwd');
  if (!password) return showPasswordPage(runtime, reply, flow, username, problem('EMPTY_PASSWORD'));
  let user;
  try {
    user = await signInWithPassword(runtime, username, password);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    if (error.code === 'AADSTS50034') return showUsernamePage(runtime, reply, runtime.flows.chooseUsername(flow, null), { login: username, problem: problem(error.code, error.message) });
    return showPasswordPage(runtime, reply, flow, username, problem(error.code, error.message));
  }
  const session = runtime.sessions.create(user.objectId, runtime.config.clock(), runtime.config.sessionLifetimeSeconds);
  runtime.flows.finish(flow);
  reply.setCookie(sessionCookie, session, sessionCookieOptions).clearCookie(flowCookie, flowCookieOptions);
  return respondWithCode(runtime, reply, flow.request, user);
}
