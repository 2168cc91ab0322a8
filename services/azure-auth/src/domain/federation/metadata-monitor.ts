import { randomUUID } from 'node:crypto';
import type { Closable } from '../../../../../shared/service/definition.ts';
import { refreshFederationTrust, type RefreshDependencies, type RefreshOutcome } from './metadata-refresh.ts';

/**
 * Entra ID's federation metadata monitoring (docs/federation.md, "Token-signing rollover"):
 * every `intervalSeconds` each federated domain's trust is refreshed from its metadata,
 * and an administrator can ask for one domain at once. Refreshes of one domain run one
 * after the other, so two never decide from the same old trust.
 */
export class FederationMetadataMonitor implements Closable {
  readonly #dependencies: RefreshDependencies;
  readonly #running = new Map<string, Promise<unknown>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(dependencies: RefreshDependencies) {
    this.#dependencies = dependencies;
  }

  refresh(domain: string, correlationId: string = randomUUID()): Promise<RefreshOutcome> {
    const key = domain.toLowerCase();
    const previous = this.#running.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => refreshFederationTrust(this.#dependencies, domain, correlationId));
    const settled = run.catch(() => undefined);
    this.#running.set(key, settled);
    void settled.then(() => {
      if (this.#running.get(key) === settled) this.#running.delete(key);
    });
    return run;
  }

  /** One scheduled round: every federated domain with settings; refusals are logged by the refresh. */
  async refreshAll(): Promise<void> {
    const { runtime } = this.#dependencies;
    const federated = runtime.directory.domains().filter((domain) => domain.authentication === 'Federated' && runtime.federation.get(domain.name));
    await Promise.all(federated.map((domain) => this.refresh(domain.name).catch(() => undefined)));
  }

  start(intervalSeconds: number): this {
    this.#timer = setInterval(() => void this.refreshAll(), intervalSeconds * 1000);
    this.#timer.unref();
    return this;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.#running.values());
  }
}
