import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors/lab-error.ts';
import { defaultSeedFile } from '../seed/seed.ts';
import {
  addressOf,
  addressPlanNamed,
  containers,
  isContainerName,
  ldapServers,
  legsOf,
  ports,
  proxyHost,
  type AddressPlan,
  type ContainerName,
} from '../topology/index.ts';

/**
 * The configuration every lab process shares, read once at start-up from the
 * environment (style.md: nothing below this reads `process.env`). A malformed
 * value fails with a message naming the setting.
 */
export type ResolverKind = 'system' | 'topology';
export type ListenerKind = 'https' | 'proxy' | 'ldap' | 'ldaps';

export interface Listener {
  readonly kind: ListenerKind;
  readonly host: string;
  readonly port: number;
}

export interface ServiceConfig {
  /** Which container of the topology this process is (LAB_CONTAINER). */
  readonly container: ContainerName;
  /** Where topology addresses land (LAB_ADDRESS_PLAN: docker | local; default docker). */
  readonly plan: AddressPlan;
  /**
   * How names are resolved (LAB_RESOLVER): `system` asks the operating system
   * (Docker's embedded DNS serves each network's view); `topology` answers from the
   * topology's view of this container's networks (local mode). Default: system.
   */
  readonly resolver: ResolverKind;
  /** What to listen on (LAB_LISTEN, e.g. `https@0.0.0.0:443,proxy@198.18.2.2:8080`); default from the topology. */
  readonly listeners: readonly Listener[];
  /** The certificates directory (LAB_CERTS_DIR; default ./certs). */
  readonly certsDir: string;
  /** Where the service keeps its database (LAB_STATE_DIR; default ./.state/<container>). */
  readonly stateDir: string;
  /** pino level (LAB_LOG_LEVEL; default info). */
  readonly logLevel: string;
  /** The seed a fresh service starts from (LAB_SEED; default seed/lab-seed.yaml). */
  readonly seedFile: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Whether a container answers as the corp forward proxy. */
export function isProxyHost(container: ContainerName): boolean {
  return containers[container].legs.corp?.aliases.includes(proxyHost) ?? false;
}

/**
 * Docker binds HTTPS on all of a container's legs at once; locally every leg is its
 * own loopback address. The forward proxy listens on the corp leg only: an open proxy
 * on the internet leg would be a hole in the firewall.
 */
export function defaultListeners(container: ContainerName, plan: AddressPlan): Listener[] {
  if (containers[container].kind !== 'service') return [];
  const https: Listener[] =
    plan.name === 'docker'
      ? [{ kind: 'https', host: '0.0.0.0', port: ports.https }]
      : legsOf(container).map((network) => ({ kind: 'https', host: addressOf(container, network, plan), port: ports.https }));
  const proxy: Listener[] = isProxyHost(container) ? [{ kind: 'proxy', host: addressOf(container, 'corp', plan), port: ports.proxy }] : [];
  const ldapHost = plan.name === 'docker' ? '0.0.0.0' : addressOf(container, legsOf(container)[0]!, plan);
  const ldap: Listener[] = ldapServers.includes(container)
    ? [
        { kind: 'ldap', host: ldapHost, port: ports.ldap },
        { kind: 'ldaps', host: ldapHost, port: ports.ldaps },
      ]
    : [];
  return [...https, ...proxy, ...ldap];
}

function parseListener(entry: string): Listener {
  const match = /^(https|proxy|ldap|ldaps)@([0-9a-zA-Z.:-]+):(\d{1,5})$/.exec(entry.trim());
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) {
    throw new ConfigError('LAB_LISTEN', `has "${entry}"; expected kind@host:port with kind https, proxy, ldap or ldaps, e.g. https@0.0.0.0:443`);
  }
  return { kind: match[1] as ListenerKind, host: match[2]!, port };
}

function oneOf<T extends string>(env: Environment, setting: string, allowed: readonly T[], fallback: T): T {
  const value = env[setting] ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(setting, `is "${value}"; expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function directory(env: Environment, setting: string, fallback: string): string {
  const value = env[setting] ?? fallback;
  if (value.trim() === '') throw new ConfigError(setting, 'is empty; expected a directory path');
  return isAbsolute(value) ? value : resolve(value);
}

export function loadServiceConfig(env: Environment): ServiceConfig {
  const container = env.LAB_CONTAINER;
  if (!container) throw new ConfigError('LAB_CONTAINER', 'is not set; expected a container name of the topology, e.g. adfs');
  if (!isContainerName(container)) throw new ConfigError('LAB_CONTAINER', `is "${container}", which is not a container of the topology`);
  const planName = oneOf(env, 'LAB_ADDRESS_PLAN', ['docker', 'local'], 'docker');
  const plan = addressPlanNamed(planName)!;
  const listeners = env.LAB_LISTEN ? env.LAB_LISTEN.split(',').map(parseListener) : defaultListeners(container, plan);
  return {
    container,
    plan,
    resolver: oneOf(env, 'LAB_RESOLVER', ['system', 'topology'], 'system'),
    listeners,
    certsDir: directory(env, 'LAB_CERTS_DIR', 'certs'),
    stateDir: directory(env, 'LAB_STATE_DIR', `.state/${container}`),
    logLevel: oneOf(env, 'LAB_LOG_LEVEL', logLevels, 'info'),
    seedFile: env.LAB_SEED ? directory(env, 'LAB_SEED', '') : defaultSeedFile,
  };
}
