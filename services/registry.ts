import type { Environment } from '../shared/config/service-config.ts';
import type { ServiceDefinition } from '../shared/service/definition.ts';
import type { ContainerName } from '../shared/topology/index.ts';
import { createAdfsService } from './adfs/src/app.ts';
import { loadAdfsConfig } from './adfs/src/config.ts';
import { createAzureAuthService } from './azure-auth/src/app.ts';
import { loadAzureAuthConfig } from './azure-auth/src/config.ts';
import { dcService } from './dc/src/app.ts';
import { dirsyncService } from './dirsync/src/app.ts';
import { edgeService } from './edge/src/app.ts';
import { loadEdgeConfig } from './edge/src/config.ts';
import { exchangeOnlineService } from './exchange-online/src/app.ts';
import { exchangeOnpremService } from './exchange-onprem/src/app.ts';
import { wapService } from './wap/src/app.ts';

/** Every service of the topology, built from its environment; the local runner starts them all. */
export const serviceFactories: Readonly<Partial<Record<ContainerName, (env: Environment) => ServiceDefinition>>> = {
  'azure-auth': (env) => createAzureAuthService(loadAzureAuthConfig(env)),
  'exchange-online': () => exchangeOnlineService,
  edge: (env) => edgeService(loadEdgeConfig(env)),
  wap: () => wapService,
  adfs: (env) => createAdfsService({ config: loadAdfsConfig(env) }),
  dc: () => dcService,
  'exchange-onprem': () => exchangeOnpremService,
  dirsync: (env) => dirsyncService(env),
};
