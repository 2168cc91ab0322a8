import { resolve } from 'node:path';
import { createLabHttpClient, type LabHttpClient } from '../shared/http/client.ts';
import { createLogger } from '../shared/logging/logger.ts';
import { loadLabCa } from '../shared/pki/index.ts';
import { ConfigError } from '../shared/errors/lab-error.ts';
import { memoizedResolver, networkResolver, systemResolver } from '../shared/http/resolver.ts';
import type { Vantage } from '../shared/http/route.ts';
import { addressPlanNamed, containers, isContainerName, isNetworkName, legsOf, localPlan, type Egress, type NetworkName } from '../shared/topology/index.ts';
import type { Environment } from '../shared/config/service-config.ts';

/** Egress of a bare network vantage: corp reaches the internet only through the edge's proxy. */
const egressOfNetwork: Record<NetworkName, Egress> = { internet: 'direct', perimeter: 'none', corp: 'proxy' };

/**
 * Where the CLI stands. `--as internet|corp` is the host in local mode, seeing one
 * network's view from the topology; without it the CLI is the workstation container
 * it runs in (LAB_CONTAINER), resolving through the system's DNS.
 */
export function cliVantage(as: string | undefined, env: Environment): Vantage {
  if (as !== undefined) {
    if (!isNetworkName(as)) throw new ConfigError('--as', `is "${as}"; expected internet, perimeter or corp`);
    return { from: `local ${as} host`, networks: [as], egress: egressOfNetwork[as], plan: localPlan, resolver: networkResolver(as, localPlan) };
  }
  const container = env.LAB_CONTAINER;
  if (!container) throw new ConfigError('--as', 'is missing: outside a lab container, say which network to stand on (--as internet or --as corp)');
  if (!isContainerName(container)) throw new ConfigError('LAB_CONTAINER', `is "${container}", which is not a container of the topology`);
  const plan = addressPlanNamed(env.LAB_ADDRESS_PLAN ?? 'docker');
  if (!plan) throw new ConfigError('LAB_ADDRESS_PLAN', `is "${env.LAB_ADDRESS_PLAN}"; expected docker or local`);
  return { from: container, networks: legsOf(container), egress: containers[container].egress, plan, resolver: memoizedResolver(systemResolver) };
}

/** The lab HTTP client every command uses: from `cliVantage`, trusting the lab CA in LAB_CERTS_DIR (default ./certs), logging nothing. */
export function cliHttpClient(as: string | undefined, env: Environment): LabHttpClient {
  return createLabHttpClient({ vantage: cliVantage(as, env), tls: { ca: loadLabCa(resolve(env.LAB_CERTS_DIR ?? 'certs')) }, logger: createLogger({ service: 'lab-cli', level: 'silent' }) });
}
