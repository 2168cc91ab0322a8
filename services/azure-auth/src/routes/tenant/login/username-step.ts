import type { FastifyReply } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import { discoverRealm } from '../../../domain/sign-in/password-sign-in.ts';
import { single } from '../../form.ts';
import { problem, showFederatedPage, showPasswordPage, showUsernamePage } from './flow-pages.ts';
import type { LoginStepInput } from './login-step.ts';

/** Step one: realm discovery for the typed username, then the password page or the federation notice. */
export async function submitUsername({ runtime, reply, flow, form }: LoginStepInput): Promise<FastifyReply> {
  const login = single(form, 'login')?.trim();
  if (!login) return showUsernamePage(runtime, reply, flow, { problem: problem('EMPTY_USERNAME') });
  let realm;
  try {
    realm = discoverRealm(runtime, login);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    return showUsernamePage(runtime, reply, flow, { login, problem: problem(error.code, error.message) });
  }
  if (realm.kind === 'federated') return showFederatedPage(runtime, reply, flow, login, realm.domain);
  const chosen = runtime.flows.chooseUsername(flow, realm.user.userPrincipalName);
  return showPasswordPage(runtime, reply, chosen, realm.user.userPrincipalName);
}

/** "Sign in with a different account": forget the username, back to step one. */
export async function switchUser({ runtime, reply, flow }: LoginStepInput): Promise<FastifyReply> {
  return showUsernamePage(runtime, reply, runtime.flows.chooseUsername(flow, null));
}
