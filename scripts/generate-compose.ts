/** `npm run compose:generate`: writes docker-compose.yml from the topology. */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { composeDocument, composeHeader } from '../shared/topology/compose.ts';

export function renderCompose(): string {
  return composeHeader + stringify(composeDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}

if (import.meta.main) {
  writeFileSync(new URL('../docker-compose.yml', import.meta.url), renderCompose());
  console.log('docker-compose.yml written from shared/topology');
}
