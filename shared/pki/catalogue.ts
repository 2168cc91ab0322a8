import { containerNames, containers, publications, type ContainerName } from '../topology/index.ts';
import type { CertificateUsage } from './issue.ts';

/**
 * Every certificate the lab needs (design §4), derived from the topology. Names are
 * file stems under the certificates directory: `tls/<container>`, `signing/<purpose>`.
 */
export interface CertificateSpec {
  readonly name: string;
  readonly commonName: string;
  readonly usage: CertificateUsage;
  readonly dnsNames: readonly string[];
  /** `lab-ca`, `untrusted-ca` or `self` (Exchange Auth certificates are self-signed in real life). */
  readonly issuer: 'lab-ca' | 'untrusted-ca' | 'self';
  readonly validDays: number;
  readonly purpose: string;
}

export const LAB_CA = 'ca/lab-root';
export const UNTRUSTED_CA = 'ca/untrusted-root';

/** Every DNS name a container answers to: its own name, its aliases, and names the edge publishes to it. */
export function dnsNamesOf(container: ContainerName): string[] {
  const names = new Set<string>([container]);
  for (const leg of Object.values(containers[container].legs)) leg.aliases.forEach((alias) => names.add(alias));
  for (const publication of publications) if (publication.backend === container) names.add(publication.host);
  return [...names];
}

export function tlsCertificateName(container: ContainerName): string {
  return `tls/${container}`;
}

const signing = (name: string, commonName: string, usage: CertificateUsage, purpose: string, issuer: CertificateSpec['issuer'] = 'lab-ca'): CertificateSpec => ({
  name: `signing/${name}`,
  commonName,
  usage,
  dnsNames: [],
  issuer,
  validDays: 730,
  purpose,
});

export function certificateCatalogue(): CertificateSpec[] {
  const tls: CertificateSpec[] = containerNames
    .filter((container) => containers[container].kind === 'service')
    .map((container) => ({
      name: tlsCertificateName(container),
      commonName: dnsNamesOf(container).find((name) => name.includes('.')) ?? container,
      usage: 'tls-server',
      dnsNames: dnsNamesOf(container),
      issuer: 'lab-ca',
      validDays: 730,
      purpose: `TLS server certificate of ${container}`,
    }));
  return [
    { name: UNTRUSTED_CA, commonName: 'Untrusted Inspection Root', usage: 'ca', dnsNames: [], issuer: 'self', validDays: 3650, purpose: 'a CA nobody trusts (TLS inspection experiments, negative tests)' },
    ...tls,
    signing('adfs-token-signing', 'ADFS Signing - fs.contoso.test', 'signing', 'AD FS token-signing certificate'),
    signing('adfs-token-decrypting', 'ADFS Encryption - fs.contoso.test', 'encryption', 'AD FS token-decrypting certificate'),
    signing('azure-auth-oauth-signing', 'accounts.accesscontrol.windows.test', 'signing', 'azure-auth OAuth / S2S token signing'),
    signing('azure-auth-saml-signing', 'login.microsoftonline.test', 'signing', 'azure-auth WS-Fed / SAML signing'),
    signing('federation-gateway', 'nexus.microsoftonline-p.test', 'signing', 'federation gateway (DAuth) signing and encryption'),
    signing('exchange-onprem-auth', 'Microsoft Exchange Server Auth Certificate', 'signing', 'Exchange on-premises OAuth certificate (self-signed)', 'self'),
    signing('exchange-online-auth', 'Microsoft Exchange Online Auth Certificate', 'signing', 'Exchange Online OAuth certificate (self-signed)', 'self'),
    signing('exchange-onprem-federation', 'Federation - contoso.test', 'signing', 'Exchange on-premises federation trust (DAuth)'),
    signing('exchange-online-federation', 'Federation - contoso.onmicrosoft.test', 'signing', 'Exchange Online federation trust (DAuth)'),
    { ...signing('wap-proxy-trust', 'ADFS ProxyTrust - wap', 'tls-client', 'WAP proxy-trust client certificate'), dnsNames: ['wap'] },
    signing('edge-inspection-trusted', 'Edge Inspection CA (trusted)', 'ca', 'edge TLS inspection, issued by the lab CA'),
    signing('edge-inspection-untrusted', 'Edge Inspection CA (untrusted)', 'ca', 'edge TLS inspection, issued by the untrusted CA', 'untrusted-ca'),
  ];
}
