import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from '../../../../shared/errors/lab-error.ts';
import { canonicalPath } from '../../../../shared/http/canonical-path.ts';

export { canonicalPath };

/**
 * The edge's decision point (design §5): an ordered rule set, first match wins, and
 * no match means deny. Every request the edge publishes and every CONNECT it proxies
 * asks `decide()` and logs the rule that answered.
 */
export type Direction = 'inbound' | 'outbound';
export type Action = 'allow' | 'deny';

export interface Rule {
  readonly name: string;
  readonly direction: Direction;
  readonly action: Action;
  /** Host names the rule applies to; all when absent. */
  readonly hosts?: readonly string[];
  /** A path prefix (inbound only), compared case-insensitively as IIS and TMG do. */
  readonly pathPrefix?: string;
}

export interface RuleSet {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule[];
}

export interface EdgeRequest {
  readonly direction: Direction;
  readonly host: string;
  readonly path?: string;
}

export interface Decision {
  readonly action: Action;
  readonly rule: string;
}

function matches(rule: Rule, request: EdgeRequest, path: string): boolean {
  if (rule.direction !== request.direction) return false;
  if (rule.hosts && !rule.hosts.includes(request.host.toLowerCase())) return false;
  if (rule.pathPrefix && !path.toLowerCase().startsWith(rule.pathPrefix.toLowerCase())) return false;
  return true;
}

export function decide(ruleSet: RuleSet, request: EdgeRequest): Decision {
  const path = request.path === undefined ? '/' : canonicalPath(request.path);
  if (path === undefined) return { action: 'deny', rule: '(malformed path)' };
  const rule = ruleSet.rules.find((candidate) => matches(candidate, request, path));
  return rule ? { action: rule.action, rule: rule.name } : { action: 'deny', rule: '(default deny)' };
}

function parseRule(value: unknown, index: number, setting: string): Rule {
  const rule = value as Partial<Rule> | null;
  const where = `rule #${index + 1}`;
  if (!rule || typeof rule.name !== 'string') throw new ConfigError(setting, `${where} has no name`);
  if (rule.direction !== 'inbound' && rule.direction !== 'outbound') throw new ConfigError(setting, `${where} (${rule.name}) has direction "${String(rule.direction)}"; expected inbound or outbound`);
  if (rule.action !== 'allow' && rule.action !== 'deny') throw new ConfigError(setting, `${where} (${rule.name}) has action "${String(rule.action)}"; expected allow or deny`);
  if (rule.hosts !== undefined && !(Array.isArray(rule.hosts) && rule.hosts.every((host) => typeof host === 'string'))) throw new ConfigError(setting, `${where} (${rule.name}) has hosts that are not a list of names`);
  if (rule.pathPrefix !== undefined && typeof rule.pathPrefix !== 'string') throw new ConfigError(setting, `${where} (${rule.name}) has a pathPrefix that is not a string`);
  return { name: rule.name, direction: rule.direction, action: rule.action, hosts: rule.hosts?.map((host) => host.toLowerCase()), pathPrefix: rule.pathPrefix };
}

/** Reads and validates a rule set file; a bad file names the setting and the rule. */
export function loadRuleSet(file: string, setting: string): RuleSet {
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(setting, `points at ${file}, which cannot be read as YAML: ${(error as Error).message}`);
  }
  const data = document as { name?: unknown; description?: unknown; rules?: unknown } | null;
  if (!data || typeof data.name !== 'string' || !Array.isArray(data.rules)) throw new ConfigError(setting, `points at ${file}, which has no name or no rules list`);
  return { name: data.name, description: typeof data.description === 'string' ? data.description : '', rules: data.rules.map((rule, index) => parseRule(rule, index, setting)) };
}
