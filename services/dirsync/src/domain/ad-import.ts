import type { Client } from 'ldapts';
import type { DirsyncConfig } from '../config.ts';
import { adUserFromEntry, importedAttributes, type AdUser } from './transform.ts';

/**
 * Import from AD over LDAPS as the MSOL_ account: a full import reads every user; a
 * delta import reads users whose uSNChanged is above the watermark (the role the
 * DirSync control plays for AD Connect). Results are paged, 100 at a time.
 */
export interface ImportResult {
  readonly users: readonly AdUser[];
  /** The highest uSNChanged seen, the next delta's watermark. */
  readonly highestUsn: number;
}

export async function importUsers(client: Client, config: DirsyncConfig, usnAbove: number | undefined): Promise<ImportResult> {
  await client.bind(`${config.netbios}\\${config.adAccount.sAMAccountName}`, config.adAccount.password);
  try {
    const filter = usnAbove === undefined ? '(objectClass=user)' : `(&(objectClass=user)(uSNChanged>=${usnAbove + 1}))`;
    const { searchEntries } = await client.search(config.baseDn, {
      scope: 'sub',
      filter,
      attributes: importedAttributes,
      explicitBufferAttributes: ['objectGUID'],
      paged: { pageSize: 100 },
    });
    const users = searchEntries.map(adUserFromEntry);
    const highestUsn = users.reduce((highest, user) => Math.max(highest, user.usnChanged), usnAbove ?? 0);
    return { users, highestUsn };
  } finally {
    await client.unbind();
  }
}
