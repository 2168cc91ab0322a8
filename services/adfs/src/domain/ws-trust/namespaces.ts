/** The XML namespaces of WS-Trust over SOAP 1.2 (client-flows §1.6). */
export const ns = {
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://www.w3.org/2005/08/addressing',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wsp: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
  trust13: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  trust2005: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
} as const;

/** WS-Security UsernameToken Profile 1.0 §4: the only password type usernamemixed takes. */
export const passwordTextType = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';

export const soapContentType = 'application/soap+xml; charset=utf-8';
