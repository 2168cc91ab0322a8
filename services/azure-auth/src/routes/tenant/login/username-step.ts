import type { FastifyReply } from 'fastify';
import { LabError } from '../../../../../../shared/errors/lab-error.ts';
import { discoverRealm } from '../../../domain/sign-in/password-sign-in.ts';
import { single } from '../../form.ts';
import { problem, showFederatedPage, showPasswordPage, showUsernamePage } from './flow-pages.ts';
import type { LoginStepInput } from './login-step.ts';
import { federationCookie, federationCookieOptions } from '../../cookies.ts';
import { cloudAudienceUrn } from '../../../domain/federation/realm.ts';
import type { SignInFlow } from '../../../domain/oauth/sign-in-flows.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';

/**
 * A federated user goes to the domain's passive sign-in URL ([MS-MWBF] §2.2.3;
 * client-flows §1.2), with the username, the Office 365 realm and a wctx that
 * /login.srf will match against this browser's `estsfed` cookie.
 */
function redirectToIdentityProvider(runtime: AzureAuthRuntime, reply: FastifyReply, flow: SignInFlow, login: string, passiveUri: string): FastifyReply {
  const context = runtime.federatedSignIns.start(flow, runtime.config.clock(), runtime.config.signInFlowLifetimeSeconds);
  reply.setCookie(federationCookie, context, federationCookieOptions);
  const query = new URLSearchParams({ username: login, wa: 'wsignin1.0', wtrealm: cloudAudienceUrn, wctx: context });
  return reply.redirect(`${passiveUri}?${query.toString()}`, 302);
}

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
  if (realm.kind === 'federated') {
    const settings = runtime.federation.get(realm.domain);
    if (!settings) return showFederatedPage(runtime, reply, flow, login, realm.domain);
    return redirectToIdentityProvider(runtime, reply, runtime.flows.chooseUsername(flow, login), login, settings.PassiveLogOnUri);
  }
  const chosen = runtime.flows.chooseUsername(flow, realm.user.userPrincipalName);
  return showPasswordPage(runtime, reply, chosen, realm.user.userPrincipalName);
}

/** "Sign in with a different account": forget the username, back to step one. */
export async function switchUser({ runtime, reply, flow }: LoginStepInput): Promise<FastifyReply> {
  return showUsernamePage(runtime, reply, runtime.flows.chooseUsername(flow, null));
}
