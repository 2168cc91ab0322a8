import { parseArgs } from 'node:util';
import type { Environment } from '../../shared/config/service-config.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { cliHttpClient } from '../vantage.ts';

/**
 * `lab adfs account-activity <user>`: Get-AdfsAccountActivity — a user's extranet
 * smart lockout counters, lockout flags and familiar IPs. `lab adfs reset-lockout <user>
 * [--location familiar|unknown]`: Reset-AdfsAccountLockout. Both call AD FS's
 * management endpoints, which answer on the corporate network only.
 */
export const adfsLockoutUsage = `usage: lab adfs account-activity <user> [--as corp] [--json]
       lab adfs reset-lockout <user> [--location familiar|unknown] [--as corp] [--json]`;

const management = 'https://fs.contoso.test/adfs/management';

/** The activity as Get-AdfsAccountActivity prints it: one `Name : value` line per property. */
export function renderActivity(activity: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(activity).map((name) => name.length));
  return Object.entries(activity)
    .map(([name, value]) => `${name.padEnd(width)} : ${Array.isArray(value) ? `{${value.join(', ')}}` : String(value ?? '')}`)
    .join('\n');
}

export async function runAdfsLockout(args: string[], env: Environment): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' }, location: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const [action, user, ...extra] = positionals;
  if ((action !== 'account-activity' && action !== 'reset-lockout') || user === undefined || extra.length || (values.location !== undefined && action !== 'reset-lockout')) {
    console.error(adfsLockoutUsage);
    return 2;
  }
  const http = cliHttpClient(values.as, env);
  try {
    const response =
      action === 'account-activity'
        ? await http.request(`${management}/account-activity?${new URLSearchParams({ user })}`)
        : await http.request(`${management}/reset-lockout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, ...(values.location ? { location: values.location } : {}) }) });
    const json = /json/.test(String(response.headers['content-type']));
    const body = json ? (JSON.parse(response.body) as Record<string, unknown>) : {};
    if (response.status !== 200) {
      // Whoever refused says why in its own format: AD FS in JSON, the WAP or the edge in text.
      console.error(`lab adfs ${action}: HTTP ${response.status}: ${json ? String(body.message) : response.body.trim()}`);
      return 1;
    }
    console.log(values.json ? JSON.stringify(body, null, 2) : renderActivity(body));
    return 0;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`lab adfs ${action}: ${error.message}${error.hop ? ` (hop: ${error.hop})` : ''}`);
    return 1;
  } finally {
    await http.close();
  }
}
