import type { Environment } from '../../shared/config/service-config.ts';
import { adfsCertificatesUsage, runAdfsCertificates } from './adfs-certificates.ts';
import { adfsLockoutUsage, runAdfsLockout } from './adfs-lockout.ts';

/**
 * `lab adfs …`: AD FS's management, on the corporate network only. Extranet smart lockout
 * (account-activity, reset-lockout) and the token-signing certificates (certificates,
 * rollover) each live in their own file.
 */
export const adfsUsage = `${adfsLockoutUsage}\n${adfsCertificatesUsage.replace('usage: ', '       ')}`;

const lockoutActions = new Set(['account-activity', 'reset-lockout']);
const certificateActions = new Set(['certificates', 'rollover']);

export async function runAdfs(args: string[], env: Environment): Promise<number> {
  const action = args.find((arg) => !arg.startsWith('-'));
  if (action && lockoutActions.has(action)) return runAdfsLockout(args, env);
  if (action && certificateActions.has(action)) return runAdfsCertificates(args, env);
  console.error(adfsUsage);
  return 2;
}
