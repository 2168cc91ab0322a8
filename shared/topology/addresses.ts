import { containers, legsOf, networks, networkNames, type ContainerName, type NetworkName } from './definition.ts';

/**
 * Where the topology's host numbers land. Docker puts the networks in 198.18.0.0/15
 * (RFC 2544: never routed, never a user's LAN); the local runner mirrors them on
 * loopback, 127.18.x.y, which Linux routes to `lo` without any set-up.
 */
export interface AddressPlan {
  readonly name: 'docker' | 'local';
  /** The first two octets of every lab address. */
  readonly prefix: string;
}

export const dockerPlan: AddressPlan = { name: 'docker', prefix: '198.18' };
export const localPlan: AddressPlan = { name: 'local', prefix: '127.18' };

export function addressPlanNamed(name: string): AddressPlan | undefined {
  return [dockerPlan, localPlan].find((plan) => plan.name === name);
}

/** The subnet of a network, e.g. `198.18.2.0/24`. */
export function subnetOf(network: NetworkName, plan: AddressPlan): string {
  return `${plan.prefix}.${networks[network].octet}.0/24`;
}

/** The gateway Docker reserves on each network (`.1`). */
export function gatewayOf(network: NetworkName, plan: AddressPlan): string {
  return `${plan.prefix}.${networks[network].octet}.1`;
}

/** A container's fixed address on one of its networks. */
export function addressOf(container: ContainerName, network: NetworkName, plan: AddressPlan): string {
  const leg = containers[container].legs[network];
  if (!leg) throw new TypeError(`${container} has no leg on ${network}`);
  return `${plan.prefix}.${networks[network].octet}.${leg.host}`;
}

/** Every address of a container, one per leg. */
export function addressesOf(container: ContainerName, plan: AddressPlan): string[] {
  return legsOf(container).map((network) => addressOf(container, network, plan));
}

/** The network an address belongs to under a plan, if any. */
export function networkOfAddress(address: string, plan: AddressPlan): NetworkName | undefined {
  return networkNames.find((network) => address.startsWith(`${plan.prefix}.${networks[network].octet}.`));
}

/** Which container owns an address (and on which leg), if any. */
export function containerAtAddress(
  address: string,
  plan: AddressPlan,
): { container: ContainerName; network: NetworkName } | undefined {
  for (const container of Object.keys(containers) as ContainerName[]) {
    for (const network of legsOf(container)) {
      if (addressOf(container, network, plan) === address) return { container, network };
    }
  }
  return undefined;
}
