import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../../shared/errors/lab-error.ts';
import type { Environment } from '../../../shared/config/service-config.ts';
import { loadRuleSet, type RuleSet } from './domain/rules.ts';

export interface EdgeConfig {
  /** The rule set in force (LAB_EDGE_RULES: a name from services/edge/rule-sets or a file path; default allow-all). */
  readonly ruleSet: RuleSet;
}

const ruleSetsDir = fileURLToPath(new URL('../rule-sets/', import.meta.url));

export function loadEdgeConfig(env: Environment): EdgeConfig {
  const wanted = env.LAB_EDGE_RULES ?? 'allow-all';
  const file = /^[a-z0-9-]+$/.test(wanted) ? `${ruleSetsDir}${wanted}.yaml` : wanted;
  if (!existsSync(file)) throw new ConfigError('LAB_EDGE_RULES', `is "${wanted}", but ${file} does not exist`);
  return { ruleSet: loadRuleSet(file, 'LAB_EDGE_RULES') };
}
