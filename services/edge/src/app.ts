import { closeServers } from '../../../shared/service/listen.ts';
import type { ServiceDefinition } from '../../../shared/service/definition.ts';
import { networkResolver } from '../../../shared/http/resolver.ts';
import { networkOfAddress } from '../../../shared/topology/index.ts';
import type { EdgeConfig } from './config.ts';
import { EdgeCapture } from './domain/capture.ts';
import { createForwardProxy } from './domain/forward-proxy.ts';
import { registerCaptureRoute } from './routes/_lab/capture.ts';
import { registerPublishing } from './routes/publish.ts';

/** The edge firewall: publishing for the internet, forward proxy for corp, one rule set for both. */
export function edgeService(edge: EdgeConfig): ServiceDefinition {
  const capture = new EdgeCapture(edge.capture);
  return {
    container: 'edge',
    errorFormat: 'text',
    register(app, context) {
      registerPublishing(app, context, edge.ruleSet, capture);
      registerCaptureRoute(app, capture, { arrivedOn: (request) => networkOfAddress(request.socket.localAddress ?? '', context.config.plan) ?? 'unknown' });
    },
    state: () => ({ ruleSet: edge.ruleSet, capture: edge.capture }),
    async startExtra(context) {
      const internet = networkResolver('internet', context.config.plan);
      const listeners = context.config.listeners.filter((listener) => listener.kind === 'proxy');
      const servers = await Promise.all(
        listeners.map(
          (listener) =>
            new Promise<ReturnType<typeof createForwardProxy>>((resolve, reject) => {
              const server = createForwardProxy({ context, ruleSet: edge.ruleSet, internet });
              server.once('error', reject);
              server.listen(listener.port, listener.host, () => resolve(server));
            }),
        ),
      );
      return [{ close: () => closeServers(servers) }];
    },
  };
}
