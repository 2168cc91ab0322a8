import type { MexEndpoint } from './mex-endpoints.ts';

/**
 * WS-SecurityPolicy assertions of each binding, as AD FS publishes them. Feb 2005
 * bindings use the 2005/07 securitypolicy namespace, 1.3 bindings the 200702 one
 * (client-flows §1.7); ADAL and MSAL select policies by exactly these paths.
 */
const securityPolicy = {
  '2005': 'http://schemas.xmlsoap.org/ws/2005/07/securitypolicy',
  '13': 'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702',
} as const;

function transportBinding(sp: string, includeTimestamp: boolean): string {
  return (
    `<sp:TransportBinding xmlns:sp="${sp}"><wsp:Policy>` +
    '<sp:TransportToken><wsp:Policy><sp:HttpsToken RequireClientCertificate="false"/></wsp:Policy></sp:TransportToken>' +
    '<sp:AlgorithmSuite><wsp:Policy><sp:Basic256/></wsp:Policy></sp:AlgorithmSuite>' +
    '<sp:Layout><wsp:Policy><sp:Strict/></wsp:Policy></sp:Layout>' +
    (includeTimestamp ? '<sp:IncludeTimestamp/>' : '') +
    '</wsp:Policy></sp:TransportBinding>'
  );
}

/** The UsernameToken: SignedSupportingTokens in 2005, SignedEncryptedSupportingTokens in 1.3. */
function usernameToken(endpoint: MexEndpoint, sp: string): string {
  const wrapper = endpoint.version === '13' ? 'SignedEncryptedSupportingTokens' : 'SignedSupportingTokens';
  return (
    `<sp:${wrapper} xmlns:sp="${sp}"><wsp:Policy>` +
    `<sp:UsernameToken sp:IncludeToken="${sp}/IncludeToken/AlwaysToRecipient"><wsp:Policy><sp:WssUsernameToken10/></wsp:Policy></sp:UsernameToken>` +
    `</wsp:Policy></sp:${wrapper}>`
  );
}

function trustAssertions(endpoint: MexEndpoint, sp: string): string {
  const wss = `<sp:Wss11 xmlns:sp="${sp}"><wsp:Policy/></sp:Wss11>`;
  const trust = endpoint.version === '13' ? 'Trust13' : 'Trust10';
  return `${wss}<sp:${trust} xmlns:sp="${sp}"><wsp:Policy><sp:MustSupportIssuedTokens/><sp:RequireClientEntropy/><sp:RequireServerEntropy/></wsp:Policy></sp:${trust}>`;
}

/** The `wsp:Policy` of one binding, with the `wsu:Id` its binding's PolicyReference names. */
export function policyOf(endpoint: MexEndpoint): string {
  const sp = securityPolicy[endpoint.version];
  const assertions =
    endpoint.kind === 'usernamemixed'
      ? transportBinding(sp, true) + usernameToken(endpoint, sp) + trustAssertions(endpoint, sp)
      : '<http:NegotiateAuthentication xmlns:http="http://schemas.microsoft.com/ws/06/2004/policy/http"/>' + transportBinding(sp, false);
  return `<wsp:Policy wsu:Id="${endpoint.name}_policy"><wsp:ExactlyOne><wsp:All>${assertions}<wsaw:UsingAddressing/></wsp:All></wsp:ExactlyOne></wsp:Policy>`;
}
