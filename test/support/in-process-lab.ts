import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalLab, type LocalLab, type LocalLabOptions } from '../../services/local-lab.ts';
import { createLabHttpClient, type LabHttpClient } from '../../shared/http/client.ts';
import { networkResolver } from '../../shared/http/resolver.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { loadLabCa } from '../../shared/pki/index.ts';
import { localPlan, type NetworkName } from '../../shared/topology/index.ts';

/** The whole local lab in this process, on a throw-away certificates and state directory. */
export async function startTestLab(options: Omit<LocalLabOptions, 'certsDir' | 'stateDir'> = {}): Promise<LocalLab & { dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-it-'));
  const lab = await startLocalLab({ logLevel: 'silent', ...options, certsDir: join(dir, 'certs'), stateDir: join(dir, 'state') });
  return {
    ...lab,
    dir,
    async dispose() {
      await lab.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A lab HTTP client standing on one network, as a workstation there would. With
 * `sourceAddress` (a loopback address of that network, e.g. 127.18.0.66) its
 * connections leave from that address, so the edge and the WAP see a client of its own.
 */
export function clientOn(network: NetworkName, certsDir: string, sourceAddress?: string): LabHttpClient {
  const egress = network === 'corp' ? 'proxy' : network === 'internet' ? 'direct' : 'none';
  const localAddresses = sourceAddress === undefined ? undefined : { [network]: sourceAddress };
  return createLabHttpClient({
    vantage: { from: `test client on ${network}${sourceAddress ? ` at ${sourceAddress}` : ''}`, networks: [network], egress, plan: localPlan, resolver: networkResolver(network, localPlan), localAddresses },
    tls: { ca: loadLabCa(certsDir) },
    logger: createLogger({ service: 'test', level: 'silent' }),
  });
}

/** An HTTPS server impersonating a lab host with a certificate of the test's choosing. */
export async function impostor(address: string, certPem: string, keyPem: string): Promise<Server> {
  const server = createServer({ cert: certPem, key: keyPem }, (_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ status: 'ok', container: 'impostor' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(443, address, resolve);
  });
  return server;
}
