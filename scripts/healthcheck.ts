/**
 * The compose health check of every lab container. A service is healthy when its own
 * `/_lab/health` answers 200 over TLS that verifies against the lab CA with the
 * container's name; a workstation when the lab CA is readable and the CLI can trust it.
 * Kept free of project imports so it starts in a few tens of milliseconds.
 */
import { readFileSync } from 'node:fs';
import { get } from 'node:https';

const container = process.env.LAB_CONTAINER ?? '';
const certsDir = process.env.LAB_CERTS_DIR ?? '/app/certs';
const ca = readFileSync(`${certsDir}/ca/lab-root.crt`, 'utf8');

if (process.env.LAB_HEALTH === 'workstation') {
  process.exit(ca.includes('BEGIN CERTIFICATE') ? 0 : 1);
}

const request = get({ host: '127.0.0.1', port: 443, path: '/_lab/health', servername: container, ca, timeout: 4000 }, (response) => {
  response.resume();
  process.exit(response.statusCode === 200 ? 0 : 1);
});
request.on('timeout', () => request.destroy(new Error('timed out')));
request.on('error', (error) => {
  console.error(`${container}: ${error.message}`);
  process.exit(1);
});
