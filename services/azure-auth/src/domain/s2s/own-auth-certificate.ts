import { existsSync, readFileSync } from 'node:fs';
import { certificatePath } from '../../../../../shared/pki/index.ts';
import { exchangePrincipal } from '../../../../../shared/s2s/principals.ts';
import type { ServicePrincipalStore } from './service-principals.ts';

/**
 * Exchange Online's own Auth certificate (`signing/exchange-online-auth`) is a Verify
 * key credential of Exchange's principal from the start, as Microsoft's first-party
 * registration is in a real tenant: the cloud side of free/busy (F11) asks the token
 * service for on-premises audiences with it. The on-premises certificate is added by
 * the hybrid wizard (F9) through the admin API. Idempotent; skipped when the PKI has no
 * such certificate.
 */
export const exchangeOnlineAuthCertificate = 'signing/exchange-online-auth';

export function registerOwnAuthCertificate(principals: ServicePrincipalStore, certsDir: string, now: Date): void {
  const file = certificatePath(certsDir, exchangeOnlineAuthCertificate);
  if (existsSync(file)) principals.addKeyCredential(exchangePrincipal, readFileSync(file, 'utf8'), now);
}
