/**
 * `npm run pki [-- --dir DIR] [--rollover NAME ...] [--all]`: creates the lab CA and every
 * certificate of design §4 that is missing or stale; `--rollover` re-issues named
 * certificates with new keys; `--all` starts over with a new CA. Prints names and
 * fingerprints, never keys.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ensurePki } from '../shared/pki/index.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: process.env.LAB_CERTS_DIR ?? 'certs' },
    rollover: { type: 'string', multiple: true, default: [] },
    all: { type: 'boolean', default: false },
  },
});

try {
  const dir = resolve(values.dir);
  const summary = ensurePki(dir, { rollover: values.rollover, regenerateAll: values.all });
  console.log(`[pki] ${dir}: ${summary.created.length} created, ${summary.kept.length} kept`);
  for (const name of summary.created) console.log(`[pki]   created ${name}`);
} catch (error) {
  console.error(`[pki] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
