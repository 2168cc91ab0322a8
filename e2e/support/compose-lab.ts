import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DockerComposeEnvironment, Wait, type StartedDockerComposeEnvironment } from 'testcontainers';
import { containerNames } from '../../shared/topology/index.ts';

/**
 * The compose lab, started by testcontainers from the same docker-compose.yml users
 * run. Ryuk (testcontainers' reaper) cannot be pulled offline, so it is disabled and
 * the lab is taken down explicitly. The image must exist (`npm run images`).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

/** The lab's networks have fixed subnets, so only one compose lab can run per engine. */
function assertNoOtherLab(): void {
  const networks = execFileSync('docker', ['network', 'ls', '-q'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  if (networks.length === 0) return;
  const subnets = execFileSync('docker', ['network', 'inspect', '-f', '{{.Name}} {{range .IPAM.Config}}{{.Subnet}}{{end}}', ...networks], { encoding: 'utf8' });
  const clash = subnets.split('\n').find((line) => line.endsWith(' 198.18.0.0/24'));
  if (clash) throw new Error(`another hybrid-lab is running (network ${clash.split(' ')[0]}); take it down with \`docker compose down\` first`);
}

/** `settings` are compose variables the file passes to services, e.g. LAB_EDGE_CAPTURE. */
export async function startComposeLab(settings: Record<string, string> = {}): Promise<StartedDockerComposeEnvironment> {
  assertNoOtherLab();
  execFileSync('docker', ['image', 'inspect', 'hybrid-lab/app:dev'], { stdio: 'ignore' });
  let environment = new DockerComposeEnvironment(root, 'docker-compose.yml').withStartupTimeout(180_000).withEnvironment(settings);
  for (const container of containerNames) environment = environment.withWaitStrategy(`${container}-1`, Wait.forHealthCheck());
  return environment.up();
}
