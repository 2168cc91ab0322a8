import { loadSeed } from '../../../../../shared/seed/seed.ts';
import { openDatabase, type Database } from '../../../../../shared/store/database.ts';
import { directoryMigrations } from './migrations.ts';
import type { DirectoryNaming } from './model.ts';
import { isEmpty, seedDirectory } from './seed.ts';
import { DirectoryStore, type Clock } from './store.ts';

/**
 * Opens the dc's directory in its state directory, seeding it on first start only:
 * afterwards the database, not the seed, is the truth, so edits survive restarts.
 */
function namingOf(database: Database): DirectoryNaming {
  const row = database.prepare('SELECT base_dn, netbios, forest FROM naming').get() as { base_dn: string; netbios: string; forest: string };
  return { baseDn: row.base_dn, netbios: row.netbios, forest: row.forest, usersDn: `CN=Users,${row.base_dn}`, dnsHostName: `dc.${row.forest}` };
}

export async function openDirectory(stateDir: string, seedFile: string, clock: Clock = () => new Date()): Promise<DirectoryStore> {
  const database = openDatabase(stateDir, 'directory', directoryMigrations);
  try {
    if (isEmpty(database)) await seedDirectory(database, loadSeed(seedFile), clock());
    return new DirectoryStore(database, namingOf(database), clock);
  } catch (error) {
    database.close();
    throw error;
  }
}
