import { contractOf, mexEndpoints, type MexEndpoint, type TrustVersionName } from './mex-endpoints.ts';
import { policyOf } from './mex-policies.ts';

/**
 * The WS-MEX WSDL at `/adfs/services/trust/mex` (client-flows §1.7), in AD FS's
 * shape: policies, messages, port types, one binding per endpoint whose
 * soap12:operation soapAction decides the version, and the service's ports with
 * their soap12:address and wsa10:EndpointReference.
 */
const namespaces = {
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wsp: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
  wsaw: 'http://www.w3.org/2006/05/addressing/wsdl',
  wsa10: 'http://www.w3.org/2005/08/addressing',
  tns: 'http://tempuri.org/',
  t: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
  trust: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
};

/** Per version: the operation, its message elements and actions (client-flows §1.6 table). */
const operations: Record<TrustVersionName, { name: string; input: string; output: string; action: string; replyAction: string }> = {
  '2005': { name: 'TrustFeb2005IssueAsync', input: 't:RequestSecurityToken', output: 't:RequestSecurityTokenResponse', action: `${namespaces.t}/RST/Issue`, replyAction: `${namespaces.t}/RSTR/Issue` },
  '13': { name: 'Trust13IssueAsync', input: 'trust:RequestSecurityToken', output: 'trust:RequestSecurityTokenResponseCollection', action: `${namespaces.trust}/RST/Issue`, replyAction: `${namespaces.trust}/RSTRC/IssueFinal` },
};

const versions: readonly TrustVersionName[] = ['2005', '13'];

function messages(version: TrustVersionName): string {
  const { name, input, output } = operations[version];
  const prefix = `${contractOf(version)}_${name}`;
  return `<wsdl:message name="${prefix}_InputMessage"><wsdl:part name="request" element="${input}"/></wsdl:message><wsdl:message name="${prefix}_OutputMessage"><wsdl:part name="${name}Result" element="${output}"/></wsdl:message>`;
}

function portType(version: TrustVersionName): string {
  const { name, action, replyAction } = operations[version];
  const prefix = `${contractOf(version)}_${name}`;
  return (
    `<wsdl:portType name="${contractOf(version)}"><wsdl:operation name="${name}">` +
    `<wsdl:input wsaw:Action="${action}" message="tns:${prefix}_InputMessage"/><wsdl:output wsaw:Action="${replyAction}" message="tns:${prefix}_OutputMessage"/>` +
    '</wsdl:operation></wsdl:portType>'
  );
}

function binding(endpoint: MexEndpoint): string {
  const { name, action } = operations[endpoint.version];
  return (
    `<wsdl:binding name="${endpoint.name}" type="tns:${contractOf(endpoint.version)}"><wsp:PolicyReference URI="#${endpoint.name}_policy"/>` +
    '<soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>' +
    `<wsdl:operation name="${name}"><soap12:operation soapAction="${action}" style="document"/>` +
    '<wsdl:input><soap12:body use="literal"/></wsdl:input><wsdl:output><soap12:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>'
  );
}

function port(endpoint: MexEndpoint, federationServiceName: string): string {
  const address = `https://${federationServiceName}/adfs/services/trust/${endpoint.version}/${endpoint.kind}`;
  const identity = endpoint.kind === 'windowstransport' ? `<Identity xmlns="http://schemas.xmlsoap.org/ws/2006/02/addressingidentity"><Spn>host/${federationServiceName}</Spn></Identity>` : '';
  return (
    `<wsdl:port name="${endpoint.name}" binding="tns:${endpoint.name}"><soap12:address location="${address}"/>` +
    `<wsa10:EndpointReference><wsa10:Address>${address}</wsa10:Address>${identity}</wsa10:EndpointReference></wsdl:port>`
  );
}

export interface MexOptions {
  readonly federationServiceName: string;
  /** Whether the request came from corp, where windowstransport is offered. */
  readonly insideCorporateNetwork: boolean;
}

export function mexDocument(options: MexOptions): string {
  const endpoints = mexEndpoints.filter((endpoint) => options.insideCorporateNetwork || !endpoint.corpOnly);
  const declarations = Object.entries(namespaces)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(' ');
  return (
    `<?xml version="1.0" encoding="utf-8"?><wsdl:definitions name="SecurityTokenService" targetNamespace="${namespaces.tns}" ${declarations}>` +
    endpoints.map(policyOf).join('') +
    versions.map(messages).join('') +
    versions.map(portType).join('') +
    endpoints.map(binding).join('') +
    `<wsdl:service name="SecurityTokenService">${endpoints.map((endpoint) => port(endpoint, options.federationServiceName)).join('')}</wsdl:service>` +
    '</wsdl:definitions>'
  );
}
