import type { Document, Element } from '@xmldom/xmldom';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { parseXml } from '../../../../../shared/xml/safe-parse.ts';
import { instantOf, onlyChild, optionalChild, textOf } from './dom.ts';
import { malformedRequest } from './faults.ts';
import { ns, passwordTextType } from './namespaces.ts';
import type { WsTrustVersion } from './versions.ts';

/** What a usernamemixed RST says (client-flows §1.6), read once from the one parsed tree. */
export interface RequestSecurityToken {
  readonly messageId: string | undefined;
  readonly created: Date;
  readonly expires: Date | undefined;
  readonly username: string;
  readonly password: string;
  readonly appliesTo: string;
  readonly requestType: string;
  readonly keyType: string | undefined;
  /** What the client asked for (WS-Trust 1.3 §4.1 wst:TokenType); absent means the trust's default. */
  readonly tokenType: string | undefined;
}

function parseEnvelope(body: string): Document {
  try {
    return parseXml(body);
  } catch (error) {
    if (error instanceof LabError && error.code === 'XML_REJECTED') throw malformedRequest(`the XML was rejected (${error.message})`, error);
    throw error;
  }
}

function envelopeOf(document: Document): Element {
  const root = document.documentElement;
  if (!root || root.namespaceURI !== ns.soap12 || root.localName !== 'Envelope') throw malformedRequest('the root is not a SOAP 1.2 Envelope');
  return root;
}

function readSecurity(header: Element) {
  const security = onlyChild(header, ns.wsse, 'Security', 'wsse:Security');
  const timestamp = onlyChild(security, ns.wsu, 'Timestamp', 'wsu:Timestamp');
  const expires = optionalChild(timestamp, ns.wsu, 'Expires', 'wsu:Timestamp/wsu:Expires');
  const token = onlyChild(security, ns.wsse, 'UsernameToken', 'wsse:UsernameToken');
  const password = onlyChild(token, ns.wsse, 'Password', 'wsse:UsernameToken/wsse:Password');
  const type = password.getAttribute('Type');
  if (type && type !== passwordTextType) throw malformedRequest('wsse:Password must be of type PasswordText');
  return {
    created: instantOf(onlyChild(timestamp, ns.wsu, 'Created', 'wsu:Timestamp/wsu:Created'), 'wsu:Created'),
    expires: expires && instantOf(expires, 'wsu:Expires'),
    username: textOf(onlyChild(token, ns.wsse, 'Username', 'wsse:UsernameToken/wsse:Username')),
    // A password is taken as sent: leading or trailing spaces are part of it.
    password: password.textContent ?? '',
  };
}

function readBody(body: Element, version: WsTrustVersion) {
  const rst = onlyChild(body, version.trustNamespace, 'RequestSecurityToken', `RequestSecurityToken in ${version.trustNamespace}`);
  const appliesTo = onlyChild(rst, ns.wsp, 'AppliesTo', 'wsp:AppliesTo');
  const reference = onlyChild(appliesTo, ns.wsa, 'EndpointReference', 'wsp:AppliesTo/wsa:EndpointReference');
  const keyType = optionalChild(rst, version.trustNamespace, 'KeyType', 'KeyType');
  const tokenType = optionalChild(rst, version.trustNamespace, 'TokenType', 'TokenType');
  return {
    appliesTo: textOf(onlyChild(reference, ns.wsa, 'Address', 'wsa:EndpointReference/wsa:Address')),
    requestType: textOf(onlyChild(rst, version.trustNamespace, 'RequestType', 'RequestType')),
    keyType: keyType && textOf(keyType),
    tokenType: tokenType && textOf(tokenType),
  };
}

export interface SoapEnvelope {
  readonly header: Element;
  readonly body: Element;
}

/** Parses the request with the lab's safe parser (docs/federation.md): one tree, read once. */
export function parseSoapEnvelope(text: string): SoapEnvelope {
  const envelope = envelopeOf(parseEnvelope(text));
  return { header: onlyChild(envelope, ns.soap12, 'Header', 's:Header'), body: onlyChild(envelope, ns.soap12, 'Body', 's:Body') };
}

/** The wsa:Action header, read first: it decides whether this endpoint may read the rest. */
export function readAction(envelope: SoapEnvelope): string {
  return textOf(onlyChild(envelope.header, ns.wsa, 'Action', 'wsa:Action'));
}

/** The RST of `version`, with its security header. */
export function readRequestSecurityToken(envelope: SoapEnvelope, version: WsTrustVersion): RequestSecurityToken {
  const messageId = optionalChild(envelope.header, ns.wsa, 'MessageID', 'wsa:MessageID');
  return {
    messageId: messageId && textOf(messageId),
    ...readSecurity(envelope.header),
    ...readBody(envelope.body, version),
  };
}
