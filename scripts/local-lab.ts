/**
 * `npm start`: the whole lab on this machine without Docker. Ctrl-C stops it.
 * Settings: LAB_CERTS_DIR (certs), LAB_STATE_DIR (.state/local), LAB_LOG_LEVEL (info), LAB_EDGE_RULES (allow-all),
 * LAB_EDGE_CAPTURE (off); every other LAB_* setting reaches the services too.
 */
import { startLocalLab } from '../services/local-lab.ts';
import { addressesOf, containerNames, containers } from '../shared/topology/index.ts';
import { localPlan } from '../shared/topology/addresses.ts';
import { ConfigError } from '../shared/errors/lab-error.ts';

try {
  const lab = await startLocalLab({
    certsDir: process.env.LAB_CERTS_DIR,
    stateDir: process.env.LAB_STATE_DIR,
    logLevel: process.env.LAB_LOG_LEVEL,
    env: process.env,
  });
  console.error('hybrid-lab (local mode) is up:');
  for (const container of containerNames) {
    if (containers[container].kind !== 'service') continue;
    console.error(`  ${container.padEnd(16)} ${addressesOf(container, localPlan).join(', ')}`);
  }
  console.error('Try: lab status --as internet   (or --as corp). Ctrl-C stops the lab.');
  const stop = (): void => {
    lab.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
