import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { LabHttpClient } from '../../../../shared/http/client.ts';
import { passwordHashSyncHash } from '../../../../shared/identity/password-hash-sync.ts';
import type { DirsyncConfig } from '../config.ts';

/**
 * Password hash sync, the corp half (client-flows §4): replicate NT hashes from the
 * dc (the role DRS GetNCChanges plays for AD Connect), turn each into the salted
 * PBKDF2 hash-of-hash right here, and hand only that to the cloud. The NT hash never
 * leaves the corp network.
 */
export interface ReplicatedCredential {
  readonly objectGUID: string;
  readonly sAMAccountName: string;
  readonly ntHash: string;
  readonly usn: number;
}

export interface Replication {
  readonly highestCommittedUsn: number;
  readonly credentials: readonly ReplicatedCredential[];
}

export async function replicateCredentials(http: LabHttpClient, config: DirsyncConfig, usnFrom: number, correlationId: string): Promise<Replication> {
  const basic = Buffer.from(`${config.netbios}\\${config.adAccount.sAMAccountName}:${config.adAccount.password}`).toString('base64');
  const response = await http.request(`https://${config.dcHost}/drs/replicate`, {
    method: 'POST',
    correlationId,
    headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
    body: JSON.stringify({ usnFrom }),
  });
  if (response.status !== 200) {
    throw new LabError({ code: 'REPLICATION_FAILED', statusCode: 502, expose: true, message: `the dc refused password replication with ${response.status}: ${response.body.slice(0, 300)}`, hop: `dirsync → ${config.dcHost}` });
  }
  return JSON.parse(response.body) as Replication;
}

/** The credential the cloud stores: `v1;PPH1_MD4,<salt>,1000,<hash>;`, with a fresh salt each time. */
export function cloudCredential(ntHashHex: string): string {
  return passwordHashSyncHash(Buffer.from(ntHashHex, 'hex'));
}
