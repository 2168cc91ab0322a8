/**
 * The lab's topology, in one typed definition (design §1).
 *
 * Networks, containers, their legs and fixed host numbers, the DNS aliases each
 * leg answers to, the ports, what the edge publishes and how each container
 * reaches the internet. `docker-compose.yml`, the local runner, the certificates
 * and `lab status` are all derived from this file; a test checks the compose file
 * against it and the DNS views against design §1's table.
 */

export type NetworkName = 'internet' | 'perimeter' | 'corp';

export type ContainerName =
  | 'azure-auth'
  | 'exchange-online'
  | 'edge'
  | 'wap'
  | 'adfs'
  | 'dc'
  | 'exchange-onprem'
  | 'dirsync'
  | 'client-ext'
  | 'client-int';

export interface NetworkDefinition {
  /** Third octet of the network inside the lab's /16 (198.18.x.0/24 in Docker, 127.18.x.0/24 locally). */
  readonly octet: number;
  /** `internal: true` in Docker: no route out except through the edge. */
  readonly internal: boolean;
}

export interface Leg {
  /** Last octet of the container's address on this network. */
  readonly host: number;
  /** DNS names this leg answers to for other hosts on the same network. */
  readonly aliases: readonly string[];
}

/**
 * How a container reaches names that its own network does not resolve:
 * `direct` (it lives on the internet), `proxy` (the edge's forward proxy, HTTP CONNECT),
 * or `none` (it never calls out).
 */
export type Egress = 'direct' | 'proxy' | 'none';

export interface ContainerDefinition {
  readonly role: string;
  /** `service` runs an HTTPS service; `workstation` runs the `lab` CLI only. */
  readonly kind: 'service' | 'workstation';
  readonly legs: Partial<Record<NetworkName, Leg>>;
  readonly egress: Egress;
  /** Containers that must be healthy before this one starts (compose depends_on). */
  readonly startsAfter?: readonly ContainerName[];
}

/** A name the edge publishes to the internet, and the backend leg it forwards to. */
export interface Publication {
  readonly host: string;
  readonly backend: ContainerName;
  readonly backendNetwork: NetworkName;
}

export const LAB_DOMAIN_SUFFIX = '.test';

export const ports = {
  https: 443,
  proxy: 8080,
  ldap: 389,
  ldaps: 636,
} as const;

/** Containers that also speak LDAP and LDAPS (the domain controller). */
export const ldapServers: readonly ContainerName[] = ['dc'];

export const proxyHost = 'proxy.contoso.test';

export const networks: Readonly<Record<NetworkName, NetworkDefinition>> = {
  internet: { octet: 0, internal: false },
  perimeter: { octet: 1, internal: true },
  corp: { octet: 2, internal: true },
};

const cloudIdentityNames = [
  'login.microsoftonline.test',
  'accounts.accesscontrol.windows.test',
  'nexus.microsoftonline-p.test',
  'adminwebservice.microsoftonline.test',
] as const;

const cloudExchangeNames = ['outlook.office365.test', 'autodiscover-s.outlook.test'] as const;

export const containers: Readonly<Record<ContainerName, ContainerDefinition>> = {
  'azure-auth': {
    role: 'cloud identity and trust broker',
    kind: 'service',
    legs: { internet: { host: 10, aliases: cloudIdentityNames } },
    egress: 'direct',
  },
  'exchange-online': {
    role: 'Exchange Online',
    kind: 'service',
    legs: { internet: { host: 11, aliases: cloudExchangeNames } },
    egress: 'direct',
  },
  edge: {
    role: 'edge firewall: publishing and forward proxy',
    kind: 'service',
    legs: {
      internet: { host: 2, aliases: ['fs.contoso.test', 'mail.contoso.test', 'autodiscover.contoso.test'] },
      perimeter: { host: 2, aliases: [] },
      corp: { host: 2, aliases: [proxyHost] },
    },
    egress: 'direct',
  },
  wap: {
    role: 'Web Application Proxy for AD FS',
    kind: 'service',
    legs: { perimeter: { host: 10, aliases: [] }, corp: { host: 20, aliases: [] } },
    egress: 'none',
  },
  adfs: {
    role: 'AD FS',
    kind: 'service',
    // design §1 lists adfs.corp.contoso.test on perimeter and corp; the only perimeter host
    // that looks it up (wap) also sits on corp, so the alias lives on adfs's corp leg.
    legs: { corp: { host: 10, aliases: ['fs.contoso.test', 'adfs.corp.contoso.test'] } },
    egress: 'proxy',
  },
  dc: {
    role: 'domain controller',
    kind: 'service',
    legs: { corp: { host: 11, aliases: ['dc.contoso.test'] } },
    egress: 'none',
  },
  'exchange-onprem': {
    role: 'Exchange on-premises',
    kind: 'service',
    legs: { corp: { host: 12, aliases: ['mail.contoso.test', 'autodiscover.contoso.test'] } },
    egress: 'proxy',
  },
  dirsync: {
    role: 'directory synchronization',
    kind: 'service',
    legs: { corp: { host: 13, aliases: [] } },
    egress: 'proxy',
    // Its first full sync needs the directory, the proxy and the cloud.
    startsAfter: ['dc', 'edge', 'azure-auth'],
  },
  'client-ext': {
    role: 'workstation on the internet',
    kind: 'workstation',
    legs: { internet: { host: 100, aliases: [] } },
    egress: 'direct',
  },
  'client-int': {
    role: 'domain-joined workstation',
    kind: 'workstation',
    legs: { corp: { host: 100, aliases: [] } },
    egress: 'proxy',
  },
};

/** What the edge publishes to the internet (design §1: fs → wap → adfs; mail/autodiscover → exchange-onprem). */
export const publications: readonly Publication[] = [
  { host: 'fs.contoso.test', backend: 'wap', backendNetwork: 'perimeter' },
  { host: 'mail.contoso.test', backend: 'exchange-onprem', backendNetwork: 'corp' },
  { host: 'autodiscover.contoso.test', backend: 'exchange-onprem', backendNetwork: 'corp' },
];

export const containerNames = Object.keys(containers) as ContainerName[];
export const networkNames = Object.keys(networks) as NetworkName[];

export function isContainerName(value: string): value is ContainerName {
  return Object.hasOwn(containers, value);
}

export function isNetworkName(value: string): value is NetworkName {
  return Object.hasOwn(networks, value);
}

/** The networks a container is attached to, in topology order. */
export function legsOf(container: ContainerName): NetworkName[] {
  return networkNames.filter((network) => containers[container].legs[network] !== undefined);
}

/** Every DNS name in the lab (aliases of every leg), sorted. */
export function allLabNames(): string[] {
  const names = new Set<string>();
  for (const name of containerNames) {
    for (const leg of Object.values(containers[name].legs)) leg.aliases.forEach((alias) => names.add(alias));
  }
  return [...names].sort();
}
