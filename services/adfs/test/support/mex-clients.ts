import type { Document, Element } from '@xmldom/xmldom';
import { attributeValue, select, type Namespaces } from './xpath-steps.ts';

/**
 * The MEX parsers of ADAL for Node (lib/mex.js) and MSAL for Python (msal/mex.py),
 * re-stated here selection for selection so the test proves what those clients would
 * find in AD FS's WSDL. Their code is not copied; their XPath paths and rules are.
 */
export const mexNamespaces: Namespaces = {
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  sp: 'http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702',
  sp2005: 'http://schemas.xmlsoap.org/ws/2005/07/securitypolicy',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wsa10: 'http://www.w3.org/2005/08/addressing',
  http: 'http://schemas.microsoft.com/ws/06/2004/policy/http',
  soap12: 'http://schemas.xmlsoap.org/wsdl/soap12/',
  wsp: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
};

export const action13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue';
export const action2005 = 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue';
const httpTransport = 'http://schemas.xmlsoap.org/soap/http';

export interface FoundEndpoint {
  readonly url: string;
  readonly version: '13' | '2005';
}

const username13 = 'wsp:Policy/wsp:ExactlyOne/wsp:All/sp:SignedEncryptedSupportingTokens/wsp:Policy/sp:UsernameToken/wsp:Policy/sp:WssUsernameToken10';
const username2005 = 'wsp:Policy/wsp:ExactlyOne/wsp:All/sp2005:SignedSupportingTokens/wsp:Policy/sp2005:UsernameToken/wsp:Policy/sp2005:WssUsernameToken10';
const versionOf = (action: string | undefined): '13' | '2005' | undefined => (action === action13 ? '13' : action === action2005 ? '2005' : undefined);

/** ADAL: username policies (7 parents above WssUsernameToken10, with a TransportBinding), their bindings, then https port addresses. */
export function adalUsernamePasswordPolicies(dom: Document): Map<string, { url?: string; version?: '13' | '2005' }> {
  const policies = new Map<string, { url?: string; version?: '13' | '2005' }>();
  for (const path of [username13, username2005]) {
    for (const token of select(dom, `//wsdl:definitions/${path}`, mexNamespaces)) {
      let policy = token;
      for (let up = 0; up < 7; up += 1) policy = policy.parentNode!;
      const hasTransport = select(policy, 'wsp:ExactlyOne/wsp:All/sp:TransportBinding', mexNamespaces).length || select(policy, 'wsp:ExactlyOne/wsp:All/sp2005:TransportBinding', mexNamespaces).length;
      const id = (policy as Element).getAttributeNS(mexNamespaces.wsu!, 'Id');
      if (hasTransport && id) policies.set(`#${id}`, {});
    }
  }
  const bindings = new Map<string, { url: string; version: '13' | '2005' }>();
  for (const reference of select(dom, '//wsdl:definitions/wsdl:binding/wsp:PolicyReference', mexNamespaces) as Element[]) {
    const uri = reference.getAttribute('URI') ?? '';
    const binding = reference.parentNode as Element;
    const version = versionOf(attributeValue(select(binding, 'wsdl:operation/soap12:operation/@soapAction', mexNamespaces)));
    if (policies.has(uri) && version && attributeValue(select(binding, 'soap12:binding/@transport', mexNamespaces)) === httpTransport) bindings.set(binding.getAttribute('name') ?? '', { url: uri, version });
  }
  for (const port of select(dom, '//wsdl:definitions/wsdl:service/wsdl:port', mexNamespaces) as Element[]) {
    const trustPolicy = bindings.get((port.getAttribute('binding') ?? '').split(':').at(-1)!);
    const policy = trustPolicy && policies.get(trustPolicy.url);
    if (!policy || policy.url) continue;
    policy.version = trustPolicy.version;
    const address = select(port, 'wsa10:EndpointReference/wsa10:Address', mexNamespaces)[0]?.textContent ?? '';
    if (new URL(address).protocol === 'https:') policy.url = address;
  }
  return policies;
}

/** ADAL's choice: the 1.3 policy with a URL if there is one, else the 2005 one. */
export function adalChoice(dom: Document): FoundEndpoint | undefined {
  const withUrl = [...adalUsernamePasswordPolicies(dom).values()].filter((policy): policy is FoundEndpoint => Boolean(policy.url && policy.version));
  return withUrl.find((policy) => policy.version === '13') ?? withUrl.find((policy) => policy.version === '2005');
}

/** MSAL-python: `_xpath_of_root` (the leaf path, then `..` back up to the policy), `.//TransportBinding`, bindings, https ports. */
export function msalPolicyIds(root: Element, leafPath: string, transportBinding: string): Set<string> {
  const steps = leafPath.split('/');
  const ofRoot = [...steps, ...Array<string>(steps.length - 1).fill('..')].join('/');
  return new Set((select(root, ofRoot, mexNamespaces) as Element[]).filter((policy) => select(policy, transportBinding, mexNamespaces).length).map((policy) => `#${policy.getAttributeNS(mexNamespaces.wsu!, 'Id')}`));
}

export function msalEndpoints(dom: Document): { address: string; action: string }[] {
  const root = dom.documentElement!;
  const policyIds = new Set([...msalPolicyIds(root, username13, './/sp:TransportBinding'), ...msalPolicyIds(root, username2005, './/sp2005:TransportBinding')]);
  const bindings = new Map<string, { policyUri: string; action: string }>();
  for (const binding of select(root, 'wsdl:binding', mexNamespaces) as Element[]) {
    if (attributeValue(select(binding, 'soap12:binding/@transport', mexNamespaces)) !== httpTransport) continue;
    const action = attributeValue(select(binding, 'wsdl:operation/soap12:operation/@soapAction', mexNamespaces)) ?? '';
    for (const reference of select(binding, 'wsp:PolicyReference', mexNamespaces) as Element[]) bindings.set(binding.getAttribute('name') ?? '', { policyUri: reference.getAttribute('URI') ?? '', action });
  }
  return (select(root, 'wsdl:service/wsdl:port', mexNamespaces) as Element[]).flatMap((port) => {
    const binding = bindings.get((port.getAttribute('binding') ?? '').split(':').at(-1)!);
    const address = select(port, 'wsa10:EndpointReference/wsa10:Address', mexNamespaces)[0]?.textContent;
    return binding && policyIds.has(binding.policyUri) && address?.toLowerCase().startsWith('https://') ? [{ address, action: binding.action }] : [];
  });
}

/** MSAL's choice: the first endpoint with the 1.3 action, else the first endpoint. */
export function msalChoice(dom: Document): { address: string; action: string } | undefined {
  const endpoints = msalEndpoints(dom);
  return endpoints.find((endpoint) => endpoint.action === action13) ?? endpoints[0];
}
