import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { startTestLab } from './in-process-lab.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
export const tenantId = loadSeed().tenant.id;
export const exchangeResource = '00000002-0000-0ff1-ce00-000000000000';

/** Runs the `lab` CLI and returns its exit code and output, never rejecting. */
export async function lab(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/lab', ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** A resource-owner password sign-in at azure-auth, as an ROPC client would make it. */
export async function passwordSignIn(http: LabHttpClient, username: string, password: string): Promise<{ status: number; body: Record<string, string> }> {
  const response = await http.request(`https://login.microsoftonline.test/${tenantId}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', resource: exchangeResource, username, password }).toString(),
  });
  return { status: response.status, body: JSON.parse(response.body) as Record<string, string> };
}

/** Polls `check` every 500 ms until it returns true or `seconds` pass; returns whether it did. */
export async function eventually(seconds: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

/**
 * The local lab with dirsync's schedule off and one full sync done, so a test starts
 * from a known directory in the cloud; `env` is what the `lab` CLI needs to reach it.
 * `settings` reach every service (e.g. LAB_EDGE_RULES).
 */
export async function startSyncedLab(settings: Record<string, string> = {}): Promise<{ testLab: Awaited<ReturnType<typeof startTestLab>>; env: Record<string, string> }> {
  const testLab = await startTestLab({ env: { ...settings, LAB_SYNC_SCHEDULE: 'off' } });
  const env = { LAB_CERTS_DIR: testLab.certsDir };
  const sync = await lab(['sync', 'now', '--full', '--as', 'corp'], env);
  if (sync.code !== 0) {
    await testLab.dispose();
    throw new Error(`the first full sync failed:\n${sync.stdout}${sync.stderr}`);
  }
  return { testLab, env };
}

/** `startSyncedLab`, then `lab federate contoso.test` from corp (flow F8): where the federated flows' tests start. */
export async function startFederatedLab(settings: Record<string, string> = {}): Promise<{ testLab: Awaited<ReturnType<typeof startTestLab>>; env: Record<string, string> }> {
  const started = await startSyncedLab(settings);
  const federated = await lab(['federate', 'contoso.test', '--as', 'corp'], started.env);
  if (federated.code !== 0) {
    await started.testLab.dispose();
    throw new Error(`lab federate contoso.test failed:\n${federated.stdout}${federated.stderr}`);
  }
  return started;
}
