import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { LabHttpClient } from '../../../../../shared/http/client.ts';
import { samlError } from '../../../../../shared/saml/errors.ts';
import { SAML11_NS, WSTRUST_2005_NS } from '../../../../../shared/saml/namespaces.ts';
import { buildRst } from '../../../../../shared/ws-trust/rst.ts';
import { childElements } from '../../../../../shared/xml/dom.ts';
import { parseXml } from '../../../../../shared/xml/safe-parse.ts';
import type { ClientAccessSettings } from '../../config.ts';
import type { BasicSignIn } from './authenticate-basic.ts';
import { credentialFailure } from './credential-failure.ts';
import { classifyStsRefusal } from './sts-fault.ts';
import { callUpstream } from './upstream-call.ts';

/**
 * Steps 2 and 3 of the Basic-auth proxy (client-flows §2.4, [EXO] FederatedSTS.cs):
 * the user's credentials go to the domain's STS as a WS-Trust Feb 2005 usernamemixed
 * RST (AppliesTo urn:federation:MicrosoftOnline, a 5-minute Timestamp) with the
 * X-MS-Client-* headers AD FS turns into request-context claims (§1.9), and the one
 * SAML assertion is taken from exactly
 * `/s:Envelope/s:Body/t:RequestSecurityTokenResponse/t:RequestedSecurityToken/saml:Assertion`
 * in the 2005 namespace, from a response of at most 128 KiB. Exchange does not verify
 * the assertion: azure-auth, its consumer, does.
 */
/** A Basic sign-in (authenticate-basic.ts) sent to the realm's STS. */
export interface StsSignIn extends BasicSignIn {
  readonly stsUrl: string;
}

const soap12 = 'http://www.w3.org/2003/05/soap-envelope';
const cloudAudience = 'urn:federation:MicrosoftOnline';

export function stsHop(stsUrl: string): string {
  let host = stsUrl;
  try {
    host = new URL(stsUrl).host;
  } catch {
    // shown as given
  }
  return `exchange-online → ${host} (WS-Trust 2005 usernamemixed)`;
}

/** The only child element of `parent` in `namespace` called `name`, or undefined when there is not exactly one element child. */
function onlyChild(parent: Element, namespace: string, name: string): Element | undefined {
  const children = childElements(parent);
  const [child] = children;
  return children.length === 1 && child?.namespaceURI === namespace && child.localName === name ? child : undefined;
}

/**
 * The assertion at the 2005 path, serialized. A body the parser refuses (DOCTYPE, entities,
 * a second root, too deep) is XML_REJECTED; any other shape than exactly one SAML 1.1
 * Assertion at that path (a wrapper, a second assertion) is SAML_WRAPPED — the codes of the
 * SAML toolkit (security.md), so the diagnostic says which attack class was met.
 */
export function assertionAt2005Path(body: string, maxBytes: number): string {
  let root;
  try {
    root = parseXml(body, { maxBytes }).documentElement;
  } catch (error) {
    throw samlError('XML_REJECTED', error instanceof Error ? error.message : String(error));
  }
  const wrapped = (where: string) => samlError('SAML_WRAPPED', `not exactly one SAML 1.1 Assertion at s:Envelope/s:Body/t:RequestSecurityTokenResponse/t:RequestedSecurityToken (WS-Trust 2005): ${where}`);
  if (!root || root.namespaceURI !== soap12 || root.localName !== 'Envelope') throw wrapped('the root is not a SOAP 1.2 Envelope');
  const soapBody = childElements(root, soap12, 'Body');
  if (soapBody.length !== 1) throw wrapped('no single s:Body');
  const rstr = onlyChild(soapBody[0]!, WSTRUST_2005_NS, 'RequestSecurityTokenResponse');
  const tokens = rstr ? childElements(rstr, WSTRUST_2005_NS, 'RequestedSecurityToken') : [];
  const assertion = tokens.length === 1 ? onlyChild(tokens[0]!, SAML11_NS, 'Assertion') : undefined;
  if (!assertion) throw wrapped(tokens.length === 1 ? 'the RequestedSecurityToken holds something else or more' : `${tokens.length} RequestedSecurityToken elements`);
  if (assertion.getElementsByTagNameNS(SAML11_NS, 'Assertion').length > 0) throw wrapped('an assertion inside the assertion');
  return new XMLSerializer().serializeToString(assertion);
}

function requireHttps(stsUrl: string): void {
  let protocol = '';
  try {
    protocol = new URL(stsUrl).protocol;
  } catch {
    // refused below
  }
  if (protocol !== 'https:') {
    throw credentialFailure({ kind: 'idp-failure', code: 'BASIC_STS_NOT_HTTPS', message: `the realm's STSAuthURL is not an https URL; credentials are never sent to it`, hop: stsHop(stsUrl), federated: true, stsUrl });
  }
}

export async function requestAssertion(http: LabHttpClient, settings: ClientAccessSettings, signIn: StsSignIn): Promise<string> {
  const { stsUrl } = signIn;
  requireHttps(stsUrl);
  const hop = stsHop(stsUrl);
  const rst = buildRst({ version: '2005', username: signIn.userName, password: signIn.password, to: stsUrl, appliesTo: cloudAudience, timestampMinutes: 5 });
  const response = await callUpstream({
    http,
    url: stsUrl,
    init: {
      method: 'POST',
      headers: {
        'content-type': 'application/soap+xml; charset=utf-8',
        'x-ms-client-application': signIn.application,
        'x-ms-client-user-agent': signIn.userAgent,
        'x-ms-forwarded-client-ip': signIn.clientIp,
      },
      body: rst,
      correlationId: signIn.correlationId,
      timeoutMs: settings.upstreamTimeoutMs,
    },
    hop,
    whenUnreachable: 'idp-failure',
    retryAfterSeconds: settings.retryAfterSeconds,
    federated: true,
    stsUrl,
  });
  if (response.status !== 200) {
    const refusal = classifyStsRefusal(response);
    throw credentialFailure({ kind: refusal.kind, code: refusal.code, message: `the STS answered ${refusal.said}`, hop, federated: true, stsUrl, retryAfterSeconds: settings.retryAfterSeconds });
  }
  const size = Buffer.byteLength(response.body, 'utf8');
  if (size > settings.maxRstrBytes) {
    throw credentialFailure({ kind: 'idp-failure', code: 'BASIC_STS_BAD_RSTR', message: `the STS's response is ${size} bytes; at most ${settings.maxRstrBytes} are read`, hop, federated: true, stsUrl });
  }
  let assertion: string;
  try {
    assertion = assertionAt2005Path(response.body, settings.maxRstrBytes);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    throw credentialFailure({ kind: 'idp-failure', code: 'BASIC_STS_BAD_RSTR', message: `the STS's response was refused, ${error.code}: ${error.message}`, hop, federated: true, stsUrl });
  }
  return assertion;
}
