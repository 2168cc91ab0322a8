import { loadKeyPair, type KeyPair } from '../../../../../shared/pki/index.ts';

/** The gateway's one key pair: it signs delegation tokens and metadata, and decrypts requests (lab PKI `signing/federation-gateway`). */
export const federationGatewayCertificate = 'signing/federation-gateway';

/** The gateway's token endpoint: a request's a:To must name it (server-flows §2.3). */
export const gatewayEndpoint = 'https://nexus.microsoftonline-p.test/extSTS.srf';

export function loadGatewayKeys(certsDir: string): KeyPair {
  return loadKeyPair(certsDir, federationGatewayCertificate);
}
