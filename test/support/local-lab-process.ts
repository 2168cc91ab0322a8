import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** `npm start` as a user runs it (node scripts/local-lab.ts), waiting for its "is up" line. */
export async function startLocalLabProcess(env: Record<string, string>): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['scripts/local-lab.ts'], { cwd: root, env: { ...process.env, LAB_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local lab did not start in 30 s:\n${stderr}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('is up')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local lab exited with ${code}:\n${stderr}`));
    });
  });
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the `lab` CLI (bin/lab) and returns its output; rejects on a non-zero exit. */
export async function runLab(args: readonly string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['bin/lab', ...args], { cwd: root, env: { ...process.env, ...env } });
}

/** Runs a Node entry point and returns its exit code and output, never rejecting. */
export async function runNode(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script], { cwd: root, env: { ...process.env, ...env }, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
