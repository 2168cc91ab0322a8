import { randomUUID } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { GATEWAY_ISSUER } from '../../../../../shared/dauth/index.ts';
import { prepareKeyPair, type KeyPair } from '../../../../../shared/pki/index.ts';
import { algorithms } from '../../../../../shared/saml/namespaces.ts';
import { gatewayEndpoint } from './gateway-keys.ts';

/**
 * The federation gateway's metadata, as nexus.microsoftonline-p.com publishes it at
 * `/federationmetadata/2006-12/federationmetadata.xml` (Get-FederationInformation and
 * New-FederationTrust -MetadataUrl read it): entityID `urn:federation:MicrosoftOnline`, a
 * WS-Federation SecurityTokenServiceType role with the gateway's certificate for signing
 * and for encryption (one key pair does both in the lab) and the token endpoint. Signed
 * enveloped (exc-c14n, RSA-SHA256) by that same key, the signature first in EntityDescriptor.
 */
const ns = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  fed: 'http://docs.oasis-open.org/wsfed/federation/200706',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  wsa: 'http://www.w3.org/2005/08/addressing',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
};

function unsignedMetadata(id: string, certificateBase64: string): string {
  const key = (use: string): string => `<KeyDescriptor use="${use}"><KeyInfo xmlns="${ns.ds}"><X509Data><X509Certificate>${certificateBase64}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`;
  return (
    `<EntityDescriptor ID="${id}" entityID="${GATEWAY_ISSUER}" xmlns="${ns.md}" xmlns:fed="${ns.fed}" xmlns:xsi="${ns.xsi}">` +
    `<RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://schemas.xmlsoap.org/ws/2005/02/trust http://docs.oasis-open.org/wsfed/federation/200706" ServiceDisplayName="Federation Gateway (hybrid-lab)">` +
    key('signing') +
    key('encryption') +
    '<fed:TokenTypesOffered><fed:TokenType Uri="urn:oasis:names:tc:SAML:1.0:assertion"/></fed:TokenTypesOffered>' +
    `<fed:SecurityTokenServiceEndpoint><wsa:EndpointReference xmlns:wsa="${ns.wsa}"><wsa:Address>${gatewayEndpoint}</wsa:Address></wsa:EndpointReference></fed:SecurityTokenServiceEndpoint>` +
    '</RoleDescriptor>' +
    '</EntityDescriptor>'
  );
}

export function signedGatewayMetadata(gateway: KeyPair): string {
  const { privateKey, certificateBase64 } = prepareKeyPair(gateway);
  const signature = new SignedXml({ privateKey, publicCert: gateway.certPem, signatureAlgorithm: algorithms.rsaSha256, canonicalizationAlgorithm: algorithms.excC14n });
  signature.addReference({ xpath: "/*[local-name()='EntityDescriptor']", transforms: [algorithms.envelopedSignature, algorithms.excC14n], digestAlgorithm: algorithms.sha256 });
  signature.computeSignature(unsignedMetadata(`_${randomUUID()}`, certificateBase64), { prefix: 'ds', location: { reference: "/*[local-name()='EntityDescriptor']", action: 'prepend' } });
  return `<?xml version="1.0" encoding="utf-8"?>${signature.getSignedXml()}`;
}
