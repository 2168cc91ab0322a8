import { claimTypes } from '../relying-parties.ts';

/**
 * The unsigned FederationMetadata.xml (client-flows §1.8, after [IMX]
 * adfs-v3-metadata.xml): the STS and application-service role descriptors, the SAML
 * SP and IdP descriptors at `/adfs/ls/`, and a contact. `sign-metadata.ts` signs it.
 */
export interface MetadataOptions {
  /** `_<guid>`: the ID the enveloped signature's Reference names. */
  readonly id: string;
  readonly issuer: string;
  readonly federationServiceName: string;
  /**
   * The published token-signing certificates, base64 DER, primary first: during a
   * rollover the secondary too, as one more signing KeyDescriptor in every role.
   */
  readonly signingCertificates: readonly string[];
}

const ns = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  fed: 'http://docs.oasis-open.org/wsfed/federation/200706',
  auth: 'http://docs.oasis-open.org/wsfed/authorization/200706',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  wsa: 'http://www.w3.org/2005/08/addressing',
  mex: 'http://schemas.xmlsoap.org/ws/2004/09/mex',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
};

const wsProtocols = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512 http://schemas.xmlsoap.org/ws/2005/02/trust http://docs.oasis-open.org/wsfed/federation/200706';
const bindings = { redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST' };
const nameIdFormats = ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient'];

/** The claims AD FS issues to its trusts, with the names its claim descriptions show. */
const offeredClaims: readonly [string, string, string][] = [
  [claimTypes.upn, 'UPN', 'The user principal name (UPN) of the user'],
  [claimTypes.immutableId, 'ImmutableID', 'The sourceAnchor of the user: base64 of its objectGUID'],
  [claimTypes.nameIdentifier, 'Name ID', 'The SAML name identifier of the user'],
  [claimTypes.authnMethodsReferences, 'Authentication Methods References', 'Used to indicate all authentication methods used to authenticate the user'],
  [claimTypes.insideCorporateNetwork, 'Inside Corporate Network', 'Used to indicate if a request originated inside corporate network'],
];

const endpointReference = (address: string, metadata = ''): string => `<wsa:EndpointReference xmlns:wsa="${ns.wsa}"><wsa:Address>${address}</wsa:Address>${metadata}</wsa:EndpointReference>`;
const keyDescriptors = (certificates: readonly string[]): string =>
  certificates.map((certificate) => `<KeyDescriptor use="signing"><KeyInfo xmlns="${ns.ds}"><X509Data><X509Certificate>${certificate}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`).join('');

function securityTokenServiceRole(options: MetadataOptions, base: string): string {
  const mexReference = `<wsa:Metadata><Metadata xmlns="${ns.mex}"><wsx:MetadataSection xmlns:wsx="${ns.mex}" Dialect="${ns.mex}"><wsx:MetadataReference><wsa:Address>${base}/adfs/services/trust/mex</wsa:Address></wsx:MetadataReference></wsx:MetadataSection></Metadata></wsa:Metadata>`;
  const claims = offeredClaims.map(([uri, name, description]) => `<auth:ClaimType Uri="${uri}" Optional="true" xmlns:auth="${ns.auth}"><auth:DisplayName>${name}</auth:DisplayName><auth:Description>${description}</auth:Description></auth:ClaimType>`).join('');
  return (
    `<RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="${wsProtocols}" ServiceDisplayName="${options.federationServiceName}">` +
    keyDescriptors(options.signingCertificates) +
    '<fed:TokenTypesOffered><fed:TokenType Uri="urn:oasis:names:tc:SAML:1.0:assertion"/><fed:TokenType Uri="http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1"/></fed:TokenTypesOffered>' +
    `<fed:ClaimTypesOffered>${claims}</fed:ClaimTypesOffered>` +
    `<fed:SecurityTokenServiceEndpoint>${endpointReference(`${base}/adfs/services/trust/13/usernamemixed`, mexReference)}</fed:SecurityTokenServiceEndpoint>` +
    `<fed:PassiveRequestorEndpoint>${endpointReference(`${base}/adfs/ls/`)}</fed:PassiveRequestorEndpoint>` +
    '</RoleDescriptor>'
  );
}

function applicationServiceRole(options: MetadataOptions, base: string): string {
  return (
    `<RoleDescriptor xsi:type="fed:ApplicationServiceType" protocolSupportEnumeration="${wsProtocols}" ServiceDisplayName="${options.federationServiceName}">` +
    keyDescriptors(options.signingCertificates) +
    `<fed:TargetScopes>${endpointReference(`${base}/adfs/services/trust/13/usernamemixed`)}</fed:TargetScopes>` +
    `<fed:PassiveRequestorEndpoint>${endpointReference(`${base}/adfs/ls/`)}</fed:PassiveRequestorEndpoint>` +
    '</RoleDescriptor>'
  );
}

function ssoDescriptor(kind: 'SPSSODescriptor' | 'IDPSSODescriptor', options: MetadataOptions, base: string): string {
  const logout = Object.values(bindings).map((binding) => `<SingleLogoutService Binding="${binding}" Location="${base}/adfs/ls/"/>`).join('');
  const formats = nameIdFormats.map((format) => `<NameIDFormat>${format}</NameIDFormat>`).join('');
  const services =
    kind === 'SPSSODescriptor'
      ? `<AssertionConsumerService Binding="${bindings.post}" Location="${base}/adfs/ls/" index="0" isDefault="true"/>`
      : Object.values(bindings).map((binding) => `<SingleSignOnService Binding="${binding}" Location="${base}/adfs/ls/"/>`).join('');
  const attributes = kind === 'SPSSODescriptor' ? 'WantAssertionsSigned="true"' : '';
  return `<${kind} ${attributes} protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keyDescriptors(options.signingCertificates)}${logout}${formats}${services}</${kind}>`;
}

export function federationMetadata(options: MetadataOptions): string {
  const base = `https://${options.federationServiceName}`;
  return (
    `<EntityDescriptor ID="${options.id}" entityID="${options.issuer}" xmlns="${ns.md}" xmlns:fed="${ns.fed}" xmlns:xsi="${ns.xsi}">` +
    securityTokenServiceRole(options, base) +
    applicationServiceRole(options, base) +
    ssoDescriptor('SPSSODescriptor', options, base) +
    ssoDescriptor('IDPSSODescriptor', options, base) +
    '<ContactPerson contactType="support"/>' +
    '</EntityDescriptor>'
  );
}
