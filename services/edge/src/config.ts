import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../../shared/errors/lab-error.ts';
import type { Environment } from '../../../shared/config/service-config.ts';
import { captureOff, type CaptureSettings } from './domain/capture.ts';
import { loadRuleSet, type RuleSet } from './domain/rules.ts';

export interface EdgeConfig {
  /** The rule set in force (LAB_EDGE_RULES: a name from services/edge/rule-sets or a file path; default allow-all). */
  readonly ruleSet: RuleSet;
  /**
   * What the edge records of the requests it publishes, shown at /_lab/capture
   * (LAB_EDGE_CAPTURE: `off`, the default; `on` for every published path; or path
   * prefixes such as `/ews/,/autodiscover/`).
   */
  readonly capture: CaptureSettings;
}

const ruleSetsDir = fileURLToPath(new URL('../rule-sets/', import.meta.url));

function loadRules(env: Environment): RuleSet {
  const wanted = env.LAB_EDGE_RULES ?? 'allow-all';
  const file = /^[a-z0-9-]+$/.test(wanted) ? `${ruleSetsDir}${wanted}.yaml` : wanted;
  if (!existsSync(file)) throw new ConfigError('LAB_EDGE_RULES', `is "${wanted}", but ${file} does not exist`);
  return loadRuleSet(file, 'LAB_EDGE_RULES');
}

const offValues = new Set(['', 'off', 'false']);
const onValues = new Set(['on', 'true']);

export function parseCaptureSetting(value: string | undefined): CaptureSettings {
  const wanted = (value ?? '').trim().toLowerCase();
  if (offValues.has(wanted)) return captureOff;
  if (onValues.has(wanted)) return { enabled: true, pathPrefixes: [] };
  const prefixes = wanted.split(',').map((prefix) => prefix.trim());
  const bad = prefixes.find((prefix) => !/^\/[^\s?#]*$/.test(prefix));
  if (bad !== undefined) throw new ConfigError('LAB_EDGE_CAPTURE', `is "${value}"; expected off, on, or path prefixes separated by commas (e.g. /ews/,/autodiscover/), but "${bad}" is not a path`);
  return { enabled: true, pathPrefixes: prefixes };
}

export function loadEdgeConfig(env: Environment): EdgeConfig {
  return { ruleSet: loadRules(env), capture: parseCaptureSetting(env.LAB_EDGE_CAPTURE) };
}
