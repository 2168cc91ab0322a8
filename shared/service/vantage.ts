import type { ServiceConfig } from '../config/service-config.ts';
import { containerResolver, systemResolver } from '../http/resolver.ts';
import type { Vantage } from '../http/route.ts';
import { addressOf, containers, legsOf } from '../topology/index.ts';

/** Where a service stands in the topology: its networks, its egress, and how it resolves names. */
export function vantageOf(config: ServiceConfig): Vantage {
  return {
    from: config.container,
    networks: legsOf(config.container),
    egress: containers[config.container].egress,
    plan: config.plan,
    resolver: config.resolver === 'system' ? systemResolver : containerResolver(config.container, config.plan),
    // In Docker the kernel picks the leg's address; locally the lab binds it.
    localAddresses: config.plan.name === 'local' ? Object.fromEntries(legsOf(config.container).map((network) => [network, addressOf(config.container, network, config.plan)])) : undefined,
  };
}
