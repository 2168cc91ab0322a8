/**
 * `npm run bench:startup [-- --skip-docker] [--skip-local]`: a measurement, not a test.
 * Docker: seconds from `docker compose up -d` (images already built) until every
 * container is healthy, then each container's resident memory once idle.
 * Local: seconds from `npm start` until the lab is up, and the process's resident memory.
 * Prints Markdown for the README.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { containerNames } from '../shared/topology/index.ts';

const { values } = parseArgs({ options: { 'skip-docker': { type: 'boolean', default: false }, 'skip-local': { type: 'boolean', default: false }, idle: { type: 'string', default: '10' } } });
const idleSeconds = Number(values.idle);
const project = 'hybrid-lab-bench';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function parseMemory(text: string): number {
  const match = /^([\d.]+)\s*([KMG]i?B|B)/.exec(text.trim());
  if (!match) return 0;
  const scale: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, KB: 1e3, MB: 1e6, GB: 1e9 };
  return Number(match[1]) * (scale[match[2]!] ?? 1);
}

async function benchDocker(): Promise<void> {
  docker('image', 'inspect', 'hybrid-lab/app:dev');
  const started = performance.now();
  execFileSync('docker', ['compose', '-p', project, 'up', '-d'], { stdio: 'ignore' });
  const names = containerNames.map((name) => `${project}-${name}-1`);
  for (;;) {
    const states = names.map((name) => {
      try {
        return docker('inspect', '-f', '{{.State.Health.Status}}', name).trim();
      } catch {
        return docker('inspect', '-f', '{{.State.Health.Status}}', `${project}_${name}_1`).trim();
      }
    });
    if (states.every((state) => state === 'healthy')) break;
    if ((performance.now() - started) / 1000 > 180) throw new Error(`not healthy after 180 s: ${states.join(', ')}`);
    await sleep(250);
  }
  const seconds = (performance.now() - started) / 1000;
  await sleep(idleSeconds * 1000);
  const stats = docker('stats', '--no-stream', '--format', '{{.Name}}\t{{.MemUsage}}')
    .split('\n')
    .filter((line) => line.startsWith(project))
    .map((line) => {
      const [name, usage] = line.split('\t');
      return { name: name!.replace(`${project}-`, '').replace(`${project}_`, '').replace(/[-_]1$/, ''), bytes: parseMemory(usage!.split('/')[0]!) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  execFileSync('docker', ['compose', '-p', project, 'down', '-v'], { stdio: 'ignore' });
  const total = stats.reduce((sum, entry) => sum + entry.bytes, 0);
  console.log(`\n### Docker: all ${names.length} containers healthy in ${seconds.toFixed(1)} s; ${mib(total)} resident after ${idleSeconds} s idle\n`);
  console.log('| container | memory |\n|---|---|');
  for (const entry of stats) console.log(`| ${entry.name} | ${mib(entry.bytes)} |`);
  console.log(`| **total** | **${mib(total)}** |`);
}

async function benchLocal(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-bench-'));
  const env = { ...process.env, LAB_CERTS_DIR: join(dir, 'certs'), LAB_STATE_DIR: join(dir, 'state'), LAB_LOG_LEVEL: 'warn' };
  // Certificates first, so the figure is start-up, not key generation.
  execFileSync(process.execPath, ['scripts/pki.ts'], { env, stdio: 'ignore' });
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/local-lab.ts'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('is up')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`local lab exited with ${code}: ${stderr}`)));
  });
  const seconds = (performance.now() - started) / 1000;
  await sleep(idleSeconds * 1000);
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
  console.log(`\n### Local mode: all services up in ${seconds.toFixed(1)} s; one process, ${mib(rss)} resident after ${idleSeconds} s idle`);
}

if (!values['skip-docker']) await benchDocker();
if (!values['skip-local']) await benchLocal();
