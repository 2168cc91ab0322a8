import type { Logger } from 'pino';
import type { RedirectMap } from '../autodiscover/hybrid-users.ts';
import { buildDelegationTokenRequest, buildWsSecurityHeader, domainOf, extractEncryptedToken, offers } from '../dauth/index.ts';
import type { AvailabilityRequest, MailboxQuery } from '../ews/availability/read-request.ts';
import { readAvailabilityResponse, soapFaultOf } from '../ews/availability/read-response.ts';
import type { MailboxAvailability } from '../ews/availability/render-response.ts';
import type { RemoteAvailability } from '../ews/availability/get-user-availability.ts';
import { renderAvailabilityRequest } from '../ews/availability/write-request.ts';
import type { LabHttpClient, LabResponse } from '../http/client.ts';
import type { AvailabilityAddressSpace, IntraOrganizationConnector, OrganizationRelationship } from '../hybrid-config/objects.ts';
import type { HybridConfigStore } from '../hybrid-config/store.ts';
import { loadKeyPair, type KeyPair } from '../pki/index.ts';
import { AppTokenCache, buildClientAssertion, buildOuterToken, buildTokenRequestForm, exchangePrincipal, requestAppToken, resourcePrincipal, stsIssuer, tokenEndpointUrl } from '../s2s/index.ts';
import type { ServiceContext } from '../service/definition.ts';
import type { TraceLog } from '../service/trace.ts';
import { EwsUrlCache } from './ews-url-cache.ts';
import { autodiscoverAction, autodiscoverHeaders, getFederationInformationRequest, getUserSettingsRequest, readEwsUrl, readFederationInformation } from './autodiscover-client.ts';
import type { HopId, TokenSummary } from './hops.ts';
import { Journey, summarizeJwt, type HopFields } from './journey.ts';
import { chooseRoute, type Route } from './route.ts';

/**
 * The requesting side of cross-premises free/busy (design §3 F10–F13; server-flows §1,
 * §2, §1.9): when a user asks their own Exchange about a mailbox in the other
 * organization, this Exchange asks the other one itself, the way the route says —
 *  - OAuth (IntraOrganizationConnector): anonymous Autodiscover with an empty Bearer →
 *    401 naming the trusted issuer → app token for the Autodiscover host (cached by
 *    audience) → GetUserSettings with an outer token → the EWS URL → app token for the EWS
 *    host → outer token for the user (alg none + actortoken) → GetUserAvailability;
 *  - DAuth (OrganizationRelationship): GetFederationInformation → a delegation token from
 *    the gateway, encrypted to the target → Autodiscover and EWS `…/WSSecurity`;
 *  - legacy (AvailabilityAddressSpace): Autodiscover and EWS with the address space's
 *    service account over Basic.
 * A failed hop ends that route: there is no fallback from OAuth to DAuth (server-flows
 * §1.9). Each mailbox the route serves then gets a per-mailbox error naming the hop.
 * Every hop is recorded in the journey (hops.ts) under the user's correlation id.
 *
 * Addresses: the route is chosen by the domain of the recipient's target address (the
 * remote mailbox's `…@contoso.mail.onmicrosoft.test`, the mail user's `…@contoso.test`),
 * as Exchange does; Autodiscover and EWS are asked for the primary SMTP address, the one
 * the lab's mailbox stores know (they hold no proxy addresses).
 */
export interface CrossPremisesSetup {
  /** `exchange-onprem` or `exchange-online`: names the hops. */
  readonly service: string;
  readonly http: LabHttpClient;
  readonly hybrid: HybridConfigStore;
  /** Recipients whose mailbox is in the other organization → their target address. */
  readonly redirects: RedirectMap;
  readonly tenantId: string;
  /** The Exchange Auth certificate: signs the client assertion (server-flows §1.2). */
  readonly authCertificate: KeyPair;
  /** The federation-trust certificate: signs delegation-token requests (server-flows §2.3). */
  readonly federationCertificate: KeyPair;
  /** App tokens by audience, shared by every user's requests (seed 003). */
  readonly appTokens: AppTokenCache;
  /** EWS URLs found by Autodiscover (OAuth and DAuth), shared the same way. */
  readonly ewsUrls: EwsUrlCache;
  readonly trace: TraceLog;
  readonly logger: Logger;
  readonly now: () => Date;
  /**
   * Exchange Online's coexistence domain (`contoso.mail.onmicrosoft.test`). A cloud user
   * whose primary domain the partner owns too (joe@contoso.test) is named in a DAuth
   * request by their address there, the proxy address the remote mailbox targets, because
   * that is the domain the partner's OrganizationRelationship lists. On-premises has none.
   */
  readonly coexistenceDomain?: string;
}

export interface CrossPremisesCaller {
  /** The requesting user's primary SMTP address. */
  readonly requester: string;
  readonly correlationId: string;
}

const ewsAvailabilityAction = 'http://schemas.microsoft.com/exchange/services/2006/messages/GetUserAvailability';

/** Which ResponseCode a mailbox gets when a hop fails (EWS ResponseCodeType). */
const failureCodes: Readonly<Partial<Record<HopId, string>>> = {
  'autodiscover-anonymous': 'ErrorAutoDiscoverFailed',
  'autodiscover-token': 'ErrorAutoDiscoverFailed',
  'autodiscover-wssecurity': 'ErrorAutoDiscoverFailed',
  'autodiscover-basic': 'ErrorAutoDiscoverFailed',
  'federation-information': 'ErrorAutoDiscoverFailed',
};

class HopFailed extends Error {
  readonly hop: HopId;

  constructor(hop: HopId, title: string, detail: string) {
    super(`${title}: ${detail}`);
    this.hop = hop;
  }
}

/** The readable reason of a refused call: the SOAP fault's text, the x-ms-diagnostics header, the OAuth error, or the body's start. */
function reasonOf(response: LabResponse): string {
  const fault = soapFaultOf(response.body);
  if (fault) return fault.code ? `${fault.code}: ${fault.text}` : fault.text;
  const diagnostics = response.headers['x-ms-diagnostics'];
  if (typeof diagnostics === 'string') return diagnostics.slice(0, 400);
  return response.body.replace(/\s+/g, ' ').slice(0, 300) || '(empty body)';
}

/** The `Bearer` challenge's parameters (server-flows §1.1). */
export function readBearerChallenge(header: string | string[] | undefined): { readonly clientId: string | undefined; readonly trustedIssuers: readonly string[] } | undefined {
  const values = (Array.isArray(header) ? header : header === undefined ? [] : [header]).flatMap((value) => value.split(/,\s*(?=(?:Basic|Bearer|Negotiate|NTLM)\b)/i));
  const bearer = values.find((value) => /^\s*Bearer\b/i.test(value));
  if (!bearer) return undefined;
  const parameter = (name: string): string | undefined => new RegExp(`${name}="([^"]*)"`, 'i').exec(bearer)?.[1];
  return { clientId: parameter('client_id'), trustedIssuers: (parameter('trusted_issuers') ?? parameter('trustedissuers') ?? '').split(',').map((issuer) => issuer.trim()).filter(Boolean) };
}

function encryptedForm(token: string): string {
  const algorithms = [...token.matchAll(/EncryptionMethod Algorithm="[^"#]*#([^"]+)"/g)].map((match) => match[1]);
  return `xenc:EncryptedData (${algorithms.join(', ') || 'algorithms not named'}), ${token.length} characters, unreadable without the target's key`;
}

function describeAnswers(addresses: readonly string[], answers: readonly MailboxAvailability[]): string {
  return answers
    .map((answer, index) => {
      const address = addresses[index];
      if (answer.kind === 'error') return `${address}: ${answer.responseCode}`;
      const events = answer.view.events ?? [];
      const withSubjects = events.some((event) => event.details !== undefined);
      return `${address}: ${answer.view.viewType}, ${events.length} event${events.length === 1 ? '' : 's'}${withSubjects ? ' with subjects' : events.length ? ', times only' : ''}`;
    })
    .join('; ');
}

/** One route's call for a group of mailboxes, with the journey it records into. */
class RouteCall {
  readonly #setup: CrossPremisesSetup;
  readonly #caller: CrossPremisesCaller;
  readonly #journey: Journey;

  constructor(setup: CrossPremisesSetup, caller: CrossPremisesCaller, journey: Journey) {
    this.#setup = setup;
    this.#caller = caller;
    this.#journey = journey;
  }

  #lastMs: number | undefined;

  /** Records a hop; a hop with a URL carries the time of the HTTP call made just before. */
  record(hop: HopId, fields: HopFields): void {
    const ms = fields.url !== undefined && fields.ms === undefined ? this.#lastMs : fields.ms;
    this.#lastMs = undefined;
    this.#journey.record(hop, ms === undefined ? fields : { ...fields, ms });
  }

  /** Times an outbound step for the next record. */
  async timed<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.#lastMs = Math.round((performance.now() - started) * 10) / 10;
    }
  }

  fail(hop: HopId, title: string, detail: string, fields: Partial<HopFields> = {}): never {
    this.record(hop, { title, ok: false, detail, ...fields });
    throw new HopFailed(hop, title, detail);
  }

  /** POSTs and returns the answer when its status is `expected`; anything else fails the hop, a 401 with `on401` added to the reason. */
  async post(hop: HopId, title: string, url: string, body: string, headers: Record<string, string>, expected: number, token?: TokenSummary, on401 = ''): Promise<LabResponse> {
    let response: LabResponse;
    try {
      response = await this.timed(() => this.#setup.http.request(url, { method: 'POST', headers, body, correlationId: this.#caller.correlationId }));
    } catch (error) {
      return this.fail(hop, title, `no answer from ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`, { method: 'POST', url, token });
    }
    if (response.status !== expected) {
      const hint = response.status === 401 && on401 ? ` — ${on401}` : '';
      return this.fail(hop, title, `HTTP ${response.status}, expected ${expected}: ${reasonOf(response)}${hint}`, { method: 'POST', url, status: response.status, token });
    }
    return response;
  }

  now(): Date {
    return this.#setup.now();
  }

  get requester(): string {
    return this.#caller.requester;
  }

  get correlationId(): string {
    return this.#caller.correlationId;
  }
}

async function appToken(setup: CrossPremisesSetup, call: RouteCall, host: string, hop: 'app-token' | 'ews-token'): Promise<string> {
  const audience = resourcePrincipal(exchangePrincipal, host, setup.tenantId);
  const endpoint = tokenEndpointUrl(setup.tenantId);
  const title = `app token for ${host}`;
  let fetched = false;
  let token: string;
  try {
    token = await call.timed(() => setup.appTokens.get(audience, async () => {
      fetched = true;
      const assertion = await buildClientAssertion({ appId: exchangePrincipal, tenantId: setup.tenantId, signer: setup.authCertificate, now: call.now() });
      const form = buildTokenRequestForm({ appId: exchangePrincipal, tenantId: setup.tenantId, clientAssertion: assertion, targetPrincipal: exchangePrincipal, targetHost: host });
      return requestAppToken(setup.http, setup.tenantId, form, { from: setup.service, correlationId: call.correlationId });
    }));
  } catch (error) {
    return call.fail(hop, `${title} from accounts.accesscontrol`, error instanceof Error ? error.message : String(error), { method: 'POST', url: endpoint, cache: 'miss' });
  }
  call.record(hop, {
    title: fetched ? `${title}: requested from accounts.accesscontrol with a client assertion signed by the Exchange Auth certificate` : `${title}: reused from the cache, no request to the token service`,
    ok: true,
    cache: fetched ? 'miss' : 'hit',
    ...(fetched ? { method: 'POST', url: endpoint, status: 200 } : {}),
    token: summarizeJwt(token, 'actor'),
  });
  return token;
}

async function discoverOAuth(setup: CrossPremisesSetup, call: RouteCall, discovery: string, first: string): Promise<string> {
  const discoveryHost = new URL(discovery).hostname;
  const settingsBody = getUserSettingsRequest(discovery, first);
  const anonymousTitle = `anonymous Autodiscover at ${discoveryHost} with an empty Bearer`;
  const anonymous = await call.post('autodiscover-anonymous', anonymousTitle, discovery, settingsBody, { ...autodiscoverHeaders('GetUserSettings'), authorization: 'Bearer' }, 401);
  const challenge = readBearerChallenge(anonymous.headers['www-authenticate']);
  const ownIssuer = stsIssuer(setup.tenantId);
  if (!challenge) call.fail('autodiscover-anonymous', anonymousTitle, 'the 401 carries no Bearer challenge: the partner does not accept OAuth here', { method: 'POST', url: discovery, status: 401 });
  if (!challenge.trustedIssuers.includes(ownIssuer)) {
    call.fail('autodiscover-anonymous', anonymousTitle, `the partner trusts ${challenge.trustedIssuers.join(', ') || 'no issuer'}, not this organization's token service ${ownIssuer}`, { method: 'POST', url: discovery, status: 401 });
  }
  call.record('autodiscover-anonymous', { title: `${anonymousTitle}: 401, trusted issuer ${ownIssuer}`, ok: true, method: 'POST', url: discovery, status: 401, detail: `client_id ${challenge.clientId ?? '(none)'}` });

  const discoveryActor = await appToken(setup, call, discoveryHost, 'app-token');
  const discoveryOuter = buildOuterToken({ appId: exchangePrincipal, realm: setup.tenantId, targetPrincipal: exchangePrincipal, targetHost: discoveryHost, smtp: call.requester, actorToken: discoveryActor, now: call.now() });
  const discoveryToken = summarizeJwt(discoveryOuter, 'outer');
  const settingsTitle = `Autodiscover GetUserSettings for ${first} at ${discoveryHost} with the token`;
  const settings = await call.post('autodiscover-token', settingsTitle, discovery, settingsBody, { ...autodiscoverHeaders('GetUserSettings'), authorization: `Bearer ${discoveryOuter}` }, 200, discoveryToken);
  const ews = readEwsUrl(settings.body);
  if (!ews.ok) call.fail('autodiscover-token', settingsTitle, ews.reason, { method: 'POST', url: discovery, status: 200, token: discoveryToken });
  call.record('autodiscover-token', { title: `${settingsTitle}: EWS at ${ews.ewsUrl}`, ok: true, method: 'POST', url: discovery, status: 200, cache: 'miss', token: discoveryToken, detail: ews.ewsUrl });
  return ews.ewsUrl;
}

/** The EWS URL from the cache (recorded as a cache hit of `hop`), else what `discover` finds, kept for the next request. */
async function ewsUrlFor(setup: CrossPremisesSetup, call: RouteCall, key: string, hop: HopId, domain: string, endpoint: string, discover: () => Promise<string>): Promise<string> {
  const cached = setup.ewsUrls.get(key);
  if (cached) {
    call.record(hop, { title: `EWS URL for ${domain} from the cache (found by Autodiscover at ${new URL(endpoint).hostname}), no Autodiscover call`, ok: true, cache: 'hit', detail: cached });
    return cached;
  }
  const found = await discover();
  setup.ewsUrls.store(key, found);
  return found;
}

async function viaOAuth(setup: CrossPremisesSetup, call: RouteCall, connector: IntraOrganizationConnector, domain: string, addresses: readonly string[], request: AvailabilityRequest): Promise<MailboxAvailability[]> {
  const discovery = connector.DiscoveryEndpoint;
  const key = `oauth|${discovery}|${domain}`;
  const ewsUrl = await ewsUrlFor(setup, call, key, 'autodiscover-token', domain, discovery, () => discoverOAuth(setup, call, discovery, addresses[0]!));

  const ewsHost = new URL(ewsUrl).hostname;
  const ewsActor = await appToken(setup, call, ewsHost, 'ews-token');
  const outer = buildOuterToken({ appId: exchangePrincipal, realm: setup.tenantId, targetPrincipal: exchangePrincipal, targetHost: ewsHost, smtp: call.requester, actorToken: ewsActor, now: call.now() });
  const outerToken = summarizeJwt(outer, 'outer');
  call.record('outer-token', { title: `outer token for ${call.requester} (alg none, the actor token inside) addressed to ${ewsHost}`, ok: true, token: outerToken });

  const availabilityTitle = `GetUserAvailability at ${ewsHost} with Bearer, acting for ${call.requester}`;
  const answer = await forgetOnFailure(setup, key, () => call.post('availability', availabilityTitle, ewsUrl, renderAvailabilityRequest(addresses, request), { 'content-type': 'text/xml; charset=utf-8', authorization: `Bearer ${outer}` }, 200, outerToken));
  return readAnswers(call, 'availability', availabilityTitle, ewsUrl, answer, addresses, outerToken);
}

/** A failed availability call drops the EWS URL it went to, so the next request asks Autodiscover again. */
async function forgetOnFailure<T>(setup: CrossPremisesSetup, key: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    setup.ewsUrls.forget(key);
    throw error;
  }
}

function readAnswers(call: RouteCall, hop: HopId, title: string, url: string, response: LabResponse, addresses: readonly string[], token: TokenSummary): MailboxAvailability[] {
  let answers: MailboxAvailability[];
  try {
    answers = readAvailabilityResponse(response.body, addresses.length, title);
  } catch (error) {
    return call.fail(hop, title, error instanceof Error ? error.message : String(error), { method: 'POST', url, status: response.status, token });
  }
  call.record(hop, { title, ok: true, method: 'POST', url, status: response.status, token, detail: describeAnswers(addresses, answers) });
  return answers;
}

/** Whom a delegation token names: the user's primary address, or their coexistence address when the partner owns the primary domain too. */
function delegationIdentity(setup: CrossPremisesSetup, requester: string, relationship: OrganizationRelationship): string {
  const domain = domainOf(requester);
  const partnerOwns = relationship.DomainNames.some((name) => name.toLowerCase() === domain);
  return partnerOwns && setup.coexistenceDomain ? `${requester.slice(0, requester.lastIndexOf('@'))}@${setup.coexistenceDomain}` : requester;
}

async function viaDauth(setup: CrossPremisesSetup, call: RouteCall, relationship: OrganizationRelationship, domain: string, addresses: readonly string[], request: AvailabilityRequest): Promise<MailboxAvailability[]> {
  const secureAutodiscover = relationship.TargetAutodiscoverEpr;
  const anonymousAutodiscover = secureAutodiscover.replace(/\/wssecurity$/i, '');
  const federationTitle = `GetFederationInformation for ${domain} at ${new URL(anonymousAutodiscover).hostname} (anonymous)`;
  const federationAnswer = await call.post('federation-information', federationTitle, anonymousAutodiscover, getFederationInformationRequest(anonymousAutodiscover, domain), autodiscoverHeaders('GetFederationInformation'), 200);
  const federation = readFederationInformation(federationAnswer.body);
  if (!federation.ok) call.fail('federation-information', federationTitle, federation.reason, { method: 'POST', url: anonymousAutodiscover, status: 200 });
  if (federation.applicationUri.toLowerCase() !== relationship.TargetApplicationUri.toLowerCase()) {
    call.fail('federation-information', federationTitle, `the partner's ApplicationUri is ${federation.applicationUri}, but OrganizationRelationship "${relationship.Name}" says ${relationship.TargetApplicationUri}`, { method: 'POST', url: anonymousAutodiscover, status: 200 });
  }
  call.record('federation-information', { title: `${federationTitle}: ApplicationUri ${federation.applicationUri}`, ok: true, method: 'POST', url: anonymousAutodiscover, status: 200, detail: `token issuers ${federation.tokenIssuers.join(', ')}` });

  const trust = setup.hybrid.list('FederationTrust')[0];
  const requester = delegationIdentity(setup, call.requester, relationship);
  const tokenTitle = `delegation token for ${requester} to ${relationship.TargetApplicationUri} from the federation gateway`;
  if (!trust) call.fail('delegation-token', tokenTitle, 'this organization has no federation trust with the gateway: run lab hybrid configure');
  const rst = await buildDelegationTokenRequest({ gatewayEndpoint: trust.TokenIssuerEndpoint, gatewayCertificate: trust.TokenIssuerCertificate, organization: setup.federationCertificate, appliesTo: relationship.TargetApplicationUri, requesterSmtp: requester, offer: offers.freeBusy, now: call.now() });
  const rstr = await call.post('delegation-token', tokenTitle, trust.TokenIssuerEndpoint, rst, { 'content-type': 'application/soap+xml; charset=utf-8' }, 200);
  let encryptedToken: string;
  try {
    encryptedToken = extractEncryptedToken(rstr.body);
  } catch (error) {
    return call.fail('delegation-token', tokenTitle, error instanceof Error ? error.message : String(error), { method: 'POST', url: trust.TokenIssuerEndpoint, status: 200 });
  }
  const token: TokenSummary = { type: 'delegation', issuer: trust.TokenIssuerUri, audience: relationship.TargetApplicationUri, form: encryptedForm(encryptedToken) };
  call.record('delegation-token', { title: `${tokenTitle}: signed by the gateway, encrypted to the target`, ok: true, method: 'POST', url: trust.TokenIssuerEndpoint, status: 200, token });

  const key = `dauth|${secureAutodiscover}|${domain}`;
  const discover = async (): Promise<string> => {
    const settingsTitle = `Autodiscover GetUserSettings for ${addresses[0]} at ${secureAutodiscover} with the delegation token`;
    const header = buildWsSecurityHeader({ action: autodiscoverAction('GetUserSettings'), to: secureAutodiscover, encryptedToken, now: call.now(), soapPrefix: 'soap' });
    const settings = await call.post('autodiscover-wssecurity', settingsTitle, secureAutodiscover, getUserSettingsRequest(secureAutodiscover, addresses[0]!, header), autodiscoverHeaders('GetUserSettings'), 200, token);
    const ews = readEwsUrl(settings.body);
    if (!ews.ok) call.fail('autodiscover-wssecurity', settingsTitle, ews.reason, { method: 'POST', url: secureAutodiscover, status: 200, token });
    call.record('autodiscover-wssecurity', { title: `${settingsTitle}: EWS at ${ews.ewsUrl}`, ok: true, method: 'POST', url: secureAutodiscover, status: 200, cache: 'miss', token, detail: ews.ewsUrl });
    return ews.ewsUrl;
  };
  const ewsUrl = relationship.TargetSharingEpr ?? (await ewsUrlFor(setup, call, key, 'autodiscover-wssecurity', domain, secureAutodiscover, discover));
  const to = /\/wssecurity$/i.test(ewsUrl) ? ewsUrl : `${ewsUrl}/WSSecurity`;
  const title = `GetUserAvailability at ${to} with the delegation token in wsse:Security`;
  const header = buildWsSecurityHeader({ action: ewsAvailabilityAction, to, encryptedToken, now: call.now(), soapPrefix: 'soap' });
  const answer = await forgetOnFailure(setup, key, () => call.post('availability-wssecurity', title, to, renderAvailabilityRequest(addresses, request, header), { 'content-type': 'text/xml; charset=utf-8' }, 200, token));
  return readAnswers(call, 'availability-wssecurity', title, to, answer, addresses, token);
}

async function viaAddressSpace(call: RouteCall, space: AvailabilityAddressSpace, addresses: readonly string[], request: AvailabilityRequest): Promise<MailboxAvailability[]> {
  const autodiscover = space.TargetAutodiscoverEpr ?? `https://autodiscover.${space.ForestName}/autodiscover/autodiscover.svc`;
  const settingsTitle = `Autodiscover GetUserSettings for ${addresses[0]} at ${new URL(autodiscover).hostname} as the service account ${space.UserName ?? '(none)'}`;
  if (!space.UserName || space.Password === undefined) {
    call.fail('autodiscover-basic', settingsTitle, `AvailabilityAddressSpace ${space.ForestName} has no service-account credentials; add it again with a user name and password`);
  }
  const basic = `Basic ${Buffer.from(`${space.UserName}:${space.Password}`, 'utf8').toString('base64')}`;
  const token: TokenSummary = { type: 'basic', user: space.UserName, form: 'HTTP Basic (user name and password, inside TLS)' };
  const refused = `the service account ${space.UserName} was refused; check the address space's credentials`;
  const settings = await call.post('autodiscover-basic', settingsTitle, autodiscover, getUserSettingsRequest(autodiscover, addresses[0]!), { ...autodiscoverHeaders('GetUserSettings'), authorization: basic }, 200, token, refused);
  const ews = readEwsUrl(settings.body);
  if (!ews.ok) call.fail('autodiscover-basic', settingsTitle, ews.reason, { method: 'POST', url: autodiscover, status: 200, token });
  call.record('autodiscover-basic', { title: `${settingsTitle}: EWS at ${ews.ewsUrl}`, ok: true, method: 'POST', url: autodiscover, status: 200, token, detail: ews.ewsUrl });
  const title = `GetUserAvailability at ${new URL(ews.ewsUrl).hostname} as the service account ${space.UserName}`;
  const answer = await call.post('availability-basic', title, ews.ewsUrl, renderAvailabilityRequest(addresses, request), { 'content-type': 'text/xml; charset=utf-8', authorization: basic }, 200, token, refused);
  return readAnswers(call, 'availability-basic', title, ews.ewsUrl, answer, addresses, token);
}

function routeTarget(setup: CrossPremisesSetup, address: string): string {
  return setup.redirects.get(address.trim().toLowerCase()) ?? address;
}

async function answerGroup(setup: CrossPremisesSetup, caller: CrossPremisesCaller, journey: Journey, route: Route, domain: string, addresses: readonly string[], request: AvailabilityRequest): Promise<MailboxAvailability[]> {
  journey.serving(addresses.join(', '), route.kind);
  journey.record('path-lookup', { title: route.why, ok: route.kind !== 'none' });
  if (route.kind === 'none') {
    return addresses.map(() => ({ kind: 'error', responseCode: 'ErrorAvailabilityConfigNotFound', messageText: `The availability service found no configured path to ${domain}: ${route.why}.` }));
  }
  const call = new RouteCall(setup, caller, journey);
  try {
    const answers =
      route.kind === 'oauth' ? await viaOAuth(setup, call, route.connector, domain, addresses, request) : route.kind === 'dauth' ? await viaDauth(setup, call, route.relationship, domain, addresses, request) : await viaAddressSpace(call, route.space, addresses, request);
    journey.record('result', { title: `answered by the other organization over ${route.kind === 'oauth' ? 'OAuth' : route.kind === 'dauth' ? 'DAuth' : 'the cross-forest address space'}`, ok: true, detail: describeAnswers(addresses, answers) });
    return answers;
  } catch (error) {
    if (!(error instanceof HopFailed)) throw error;
    const responseCode = failureCodes[error.hop] ?? 'ErrorProxyRequestProcessingFailed';
    journey.record('result', { title: `failed at ${error.hop}; no fallback to another path`, ok: false, detail: `${responseCode}: ${error.message}` });
    return addresses.map(() => ({ kind: 'error', responseCode, messageText: `${setup.service} could not get free/busy from the other organization: ${error.message}` }));
  }
}

/** The other organization's mailboxes for one user's GetUserAvailability request. */
export function crossPremisesAvailability(setup: CrossPremisesSetup, caller: CrossPremisesCaller): RemoteAvailability {
  return {
    handles: (address) => setup.redirects.has(address.trim().toLowerCase()),
    async answer(queries: readonly MailboxQuery[], request: AvailabilityRequest): Promise<MailboxAvailability[]> {
      const journey = new Journey({ correlationId: caller.correlationId, trace: setup.trace, logger: setup.logger });
      const groups = new Map<string, { route: Route; domain: string; indexes: number[] }>();
      queries.forEach((query, index) => {
        const domain = domainOf(routeTarget(setup, query.address));
        const group = groups.get(domain) ?? { route: chooseRoute(setup.hybrid, domain), domain, indexes: [] };
        group.indexes.push(index);
        groups.set(domain, group);
      });
      const answers: MailboxAvailability[] = new Array(queries.length);
      for (const group of groups.values()) {
        const addresses = group.indexes.map((index) => queries[index]!.address.trim());
        const groupAnswers = await answerGroup(setup, caller, journey, group.route, group.domain, addresses, request);
        group.indexes.forEach((index, position) => (answers[index] = groupAnswers[position]!));
      }
      return answers;
    },
  };
}


/** What differs between the two Exchanges; the rest comes from the service's context. */
export interface CrossPremisesOptions {
  readonly service: string;
  readonly hybrid: HybridConfigStore;
  readonly redirects: RedirectMap;
  readonly tenantId: string;
  /** Names in the lab PKI: the Exchange Auth certificate and the federation-trust certificate. */
  readonly authCertificate: string;
  readonly federationCertificate: string;
  readonly now: () => Date;
  readonly coexistenceDomain?: string;
}

/** The requesting side of one Exchange organization, the same way on-premises and online, with its own app-token cache. */
export function createCrossPremisesSetup(context: Pick<ServiceContext, 'config' | 'http' | 'trace' | 'logger'>, options: CrossPremisesOptions): CrossPremisesSetup {
  return {
    ...options,
    http: context.http,
    authCertificate: loadKeyPair(context.config.certsDir, options.authCertificate),
    federationCertificate: loadKeyPair(context.config.certsDir, options.federationCertificate),
    appTokens: new AppTokenCache({ now: options.now }),
    ewsUrls: new EwsUrlCache({ now: options.now }),
    trace: context.trace,
    logger: context.logger,
  };
}
