import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';
import {
  addressOf,
  dnsView,
  viewOfContainer,
  type AddressPlan,
  type ContainerName,
  type NetworkName,
  type ViewEntry,
} from '../topology/index.ts';

/**
 * Name resolution from one vantage point. In Docker the operating system asks
 * Docker's embedded DNS, which serves each network's view; locally the topology
 * answers with the same view, so every service sees the split DNS of its network.
 */
export interface Resolver {
  /** The IPv4 address of a name, or undefined when the name does not resolve here. */
  lookup(hostname: string): Promise<string | undefined>;
}

const notFoundCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENODATA', 'EAI_NONAME']);

export const systemResolver: Resolver = {
  async lookup(hostname) {
    try {
      return (await lookup(hostname, { family: 4 })).address;
    } catch (error) {
      if (notFoundCodes.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw error;
    }
  },
};

function fromView(view: Map<string, ViewEntry>, plan: AddressPlan): Resolver {
  return {
    async lookup(hostname) {
      // An address literal resolves to itself, as getaddrinfo() does; routing decides whether it is reachable.
      if (isIPv4(hostname)) return hostname;
      const entry = view.get(hostname.toLowerCase());
      return entry ? addressOf(entry.container, entry.network, plan) : undefined;
    },
  };
}

/** The view of a container (the union of its networks), as Docker serves it. */
export function containerResolver(container: ContainerName, plan: AddressPlan): Resolver {
  return fromView(viewOfContainer(container), plan);
}

/** The view of one network (the edge's outbound leg, `lab status --as`). */
export function networkResolver(network: NetworkName, plan: AddressPlan): Resolver {
  return fromView(dnsView(network), plan);
}

/**
 * Remembers answers, failures included, for the life of the resolver: `lab status`
 * looks each name up several times, and an unknown name on an internal Docker network
 * takes a timeout to fail.
 */
export function memoizedResolver(inner: Resolver): Resolver {
  const answers = new Map<string, Promise<string | undefined>>();
  return {
    lookup(hostname) {
      const key = hostname.toLowerCase();
      if (!answers.has(key)) answers.set(key, inner.lookup(key));
      return answers.get(key)!;
    },
  };
}
