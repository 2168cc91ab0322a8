import type { FastifyReply } from 'fastify';
import { registeredClients } from '../../../domain/oauth/clients.ts';
import type { SignInFlow } from '../../../domain/oauth/sign-in-flows.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { sendPage } from '../../pages.ts';
import { messagePage } from '../../views/message-page.ts';
import { pageMessage } from '../../views/messages.ts';
import { passwordPage } from '../../views/password-page.ts';
import { usernamePage } from '../../views/username-page.ts';

/** A problem to show on a sign-in page: its code and the page's words for it. */
export interface PageProblem {
  readonly code: string;
  readonly message: string;
}

export function problem(code: string, technical = ''): PageProblem {
  return { code, message: pageMessage(code, technical) };
}

/** Where a flow's forms post: `/<tenant>/login`, the tenant as the authorize request named it. */
export function loginAction(flow: SignInFlow): string {
  return `/${encodeURIComponent(flow.request.tenant)}/login`;
}

function appName(flow: SignInFlow): string {
  return registeredClients.find((client) => client.clientId === flow.request.clientId)?.displayName ?? flow.request.clientId;
}

/** The passive sign-in URLs of the federated domains: where a username form may be redirected. */
function federationServices(runtime: AzureAuthRuntime): string[] {
  return runtime.directory.domains().flatMap((domain) => runtime.federation.get(domain.name)?.PassiveLogOnUri ?? []);
}

export function showUsernamePage(runtime: AzureAuthRuntime, reply: FastifyReply, flow: SignInFlow, options: { readonly login?: string; readonly problem?: PageProblem } = {}): FastifyReply {
  const tenantName = runtime.directory.tenant().displayName;
  return sendPage(
    reply,
    (nonce) => usernamePage({ nonce, action: loginAction(flow), canary: flow.canary, tenantName, appName: appName(flow), login: options.login, error: options.problem?.message, errorCode: options.problem?.code }),
    { formTargets: federationServices(runtime) },
  );
}

export function showPasswordPage(runtime: AzureAuthRuntime, reply: FastifyReply, flow: SignInFlow, username: string, problem?: PageProblem): FastifyReply {
  const tenantName = runtime.directory.tenant().displayName;
  return sendPage(reply, (nonce) => passwordPage({ nonce, action: loginAction(flow), canary: flow.canary, tenantName, username, error: problem?.message, errorCode: problem?.code }));
}

/**
 * A federated domain's users sign in at its federation service. Until AD FS sign-in
 * is configured (issue 4) the page says so plainly; it never pretends to sign them in.
 */
export function showFederatedPage(runtime: AzureAuthRuntime, reply: FastifyReply, flow: SignInFlow, username: string, domain: string): FastifyReply {
  const tenantName = runtime.directory.tenant().displayName;
  const message = `${domain} is a federated domain: ${username} signs in at the organization's AD FS, not here. AD FS sign-in is not yet configured in this lab, so this account cannot sign in yet.`;
  return sendPage(reply, (nonce) => messagePage({ nonce, title: 'Your organization signs you in', message, detail: `Domain ${domain}: authentication Federated; no federation settings (PassiveLogOnUri) are configured.`, switchUser: { action: loginAction(flow), canary: flow.canary }, tenantName }));
}
