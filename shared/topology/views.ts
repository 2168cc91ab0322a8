import { containerNames, containers, legsOf, type ContainerName, type NetworkName } from './definition.ts';

/** What one DNS name resolves to on one network. */
export interface ViewEntry {
  readonly container: ContainerName;
  readonly network: NetworkName;
}

/**
 * The DNS view of one network (design §1, "DNS views"): every alias of every leg on it,
 * plus each attached container's own name, as Docker's embedded DNS serves them.
 */
export function dnsView(network: NetworkName): Map<string, ViewEntry> {
  const view = new Map<string, ViewEntry>();
  for (const container of containerNames) {
    const leg = containers[container].legs[network];
    if (!leg) continue;
    view.set(container, { container, network });
    for (const alias of leg.aliases) view.set(alias, { container, network });
  }
  return view;
}

/**
 * The view of a host attached to several networks: the union of its networks' views,
 * earlier legs winning. (Docker answers a multi-homed container from all its networks;
 * the edge, whose views conflict, never resolves through this — it uses explicit backends.)
 */
export function viewOfContainer(container: ContainerName): Map<string, ViewEntry> {
  const view = new Map<string, ViewEntry>();
  for (const network of legsOf(container)) {
    for (const [name, entry] of dnsView(network)) if (!view.has(name)) view.set(name, entry);
  }
  return view;
}
