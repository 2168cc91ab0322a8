import type { ClientAccessUrls } from '../../../shared/autodiscover/pox-settings.ts';
import type { DirectoryTarget } from '../../../shared/ldap/directory-logon.ts';
import type { NtlmServerNames } from '../../../shared/ntlm/server/challenge.ts';
import type { Seed } from '../../../shared/seed/seed.ts';

/**
 * Exchange on-premises' client access (docs/hybrid.md; design §1: mail.contoso.test and
 * autodiscover.contoso.test on corp, published by the edge). Every value is fixed by the
 * lab's names and the seed; nothing here is read from the environment.
 */
export interface OnpremSettings {
  /** The organization's GUID Autodiscover reports as DeploymentId: the lab's own, fixed so answers are stable. */
  readonly deploymentId: string;
  /** AuthConfig's Realm in a hybrid organization: the tenant id (server-flows §1.8); the metadata's realm. */
  readonly realm: string;
  /** The public host: `mail.contoso.test`. */
  readonly host: string;
  readonly ewsUrl: string;
  readonly owaUrl: string;
  readonly activeSyncUrl: string;
  /** How error texts name this Exchange: "Exchange on-premises (contoso.test)". */
  readonly organization: string;
  /** Where Basic passwords are checked: the dc over LDAPS (docs/identity.md, dc), 10 s per operation. */
  readonly directory: DirectoryTarget;
  /** The Exchange Auth certificate the metadata publishes: the lab PKI's self-signed `signing/exchange-onprem-auth`. */
  readonly authCertificate: string;
  readonly windows: OnpremWindowsAuthentication;
}

/**
 * IIS Windows authentication in front of EWS and Autodiscover (docs/hybrid.md): NTLM,
 * alone or inside Negotiate, checked by the dc's NETLOGON pass-through.
 */
export interface OnpremWindowsAuthentication {
  /**
   * How the CHALLENGE_MESSAGE names the server: the seed's domain (CONTOSO, contoso.test)
   * and, as the computer, the container's own name (design §1 names no Exchange server;
   * `EXCHANGE-ONPREM` fits NetBIOS's 15 characters).
   */
  readonly names: NtlmServerNames;
  /** The SPNs clients may name in MsvAvTargetName: `HTTP/` + each name Exchange is reached by (Extended Protection). */
  readonly servicePrincipalNames: readonly string[];
  /** How long a CHALLENGE_MESSAGE waits for its AUTHENTICATE_MESSAGE on the connection: 60 s, a lab choice, as AD FS. */
  readonly challengeLifetimeSeconds: number;
}

export const mailHost = 'mail.contoso.test';
export const autodiscoverHost = 'autodiscover.contoso.test';

export function onpremSettings(seed: Seed): OnpremSettings {
  return {
    deploymentId: '5f3c2a1b-7d6e-4f80-9a1b-c2d3e4f5a6b7',
    realm: seed.tenant.id,
    host: mailHost,
    ewsUrl: `https://${mailHost}/EWS/Exchange.asmx`,
    owaUrl: `https://${mailHost}/owa/`,
    activeSyncUrl: `https://${mailHost}/Microsoft-Server-ActiveSync`,
    organization: `Exchange on-premises (${seed.activeDirectory.forest})`,
    directory: { host: 'dc.contoso.test', baseDn: seed.activeDirectory.baseDn, timeoutMs: 10_000 },
    authCertificate: 'signing/exchange-onprem-auth',
    windows: {
      names: {
        netbiosDomainName: seed.activeDirectory.netbios,
        dnsDomainName: seed.activeDirectory.forest,
        netbiosComputerName: 'EXCHANGE-ONPREM',
        dnsComputerName: `exchange-onprem.corp.${seed.activeDirectory.forest}`,
      },
      servicePrincipalNames: [`HTTP/${mailHost}`, `HTTP/${autodiscoverHost}`],
      challengeLifetimeSeconds: 60,
    },
  };
}

/** What POX Autodiscover tells clients about this Exchange. */
export function clientAccessUrls(settings: OnpremSettings): ClientAccessUrls {
  return { deploymentId: settings.deploymentId, host: settings.host, ewsUrl: settings.ewsUrl, owaUrl: settings.owaUrl, activeSyncUrl: settings.activeSyncUrl, microsoftOnline: false };
}
