import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSeedFile } from '../../../../shared/seed/seed.ts';
import { openDirectory } from '../../src/domain/directory/open.ts';
import type { DirectoryStore } from '../../src/domain/directory/store.ts';

/** A directory seeded from the lab seed in a throw-away state directory, on a clock the test moves. */
export interface TestDirectory {
  readonly store: DirectoryStore;
  readonly stateDir: string;
  /** Sets the frozen clock. */
  setNow(date: Date): void;
  reopen(): Promise<DirectoryStore>;
  dispose(): void;
}

export const frozenNow = new Date('2026-03-02T09:30:00.000Z');

export async function openTestDirectory(): Promise<TestDirectory> {
  const stateDir = mkdtempSync(join(tmpdir(), 'hybrid-lab-dc-'));
  let now = frozenNow;
  const clock = (): Date => now;
  let store = await openDirectory(stateDir, defaultSeedFile, clock);
  return {
    get store() {
      return store;
    },
    stateDir,
    setNow(date) {
      now = date;
    },
    async reopen() {
      store.close();
      store = await openDirectory(stateDir, defaultSeedFile, clock);
      return store;
    },
    dispose() {
      store.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
