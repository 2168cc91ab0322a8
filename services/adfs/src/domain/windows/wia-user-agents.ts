import type { Environment } from '../../../../../shared/config/service-config.ts';
import { ConfigError } from '../../../../../shared/errors/lab-error.ts';

/**
 * WIASupportedUserAgents (Set-AdfsProperties): the browsers AD FS asks for Windows
 * integrated authentication; every other browser gets the forms page. An entry is a
 * substring of the User-Agent, or with `=~` a regular expression, as AD FS 2016 has it.
 *
 * The default is AD FS 2016's own list plus one lab addition, `=~Chrome/\d+`: every
 * Chromium-based browser (Chrome, Edge 79+, headless Chromium), on any OS, because the
 * lab's corp workstations are Linux containers. Firefox is left out, as AD FS leaves it
 * out: it does NTLM silently only for sites an administrator lists, and would otherwise
 * show a password dialog instead of the forms page.
 */
export const defaultWiaSupportedUserAgents: readonly string[] = [
  'MSAuthHost/1.0/In-Domain',
  'MSIE 6.0',
  'MSIE 7.0',
  'MSIE 8.0',
  'MSIE 9.0',
  'MSIE 10.0',
  'Trident/7.0',
  'MSIPC',
  'Windows Rights Management Client',
  'MS_WorkFoldersClient',
  '=~Windows\\s*NT.*Edge',
  '=~Chrome/\\d+',
];

const setting = 'LAB_ADFS_WIA_USER_AGENTS';

function checkEntry(entry: unknown): string {
  if (typeof entry !== 'string' || entry.trim() === '') throw new ConfigError(setting, 'must list non-empty strings');
  if (entry.startsWith('=~')) {
    try {
      new RegExp(entry.slice(2));
    } catch (error) {
      throw new ConfigError(setting, `has the entry "${entry}", which is not a regular expression (${(error as Error).message})`);
    }
  }
  return entry;
}

/** `LAB_ADFS_WIA_USER_AGENTS` is a JSON array of entries (a User-Agent may hold commas); `[]` turns WIA off. */
export function readWiaUserAgents(env: Environment): readonly string[] {
  const raw = env[setting];
  if (raw === undefined) return defaultWiaSupportedUserAgents;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(setting, `is not a JSON array of strings: ${raw}`);
  }
  if (!Array.isArray(parsed)) throw new ConfigError(setting, `is not a JSON array of strings: ${raw}`);
  return parsed.map(checkEntry);
}

/** Whether a User-Agent matches one entry of the list. */
export function isWiaSupportedUserAgent(entries: readonly string[], userAgent: string | undefined): boolean {
  if (!userAgent) return false;
  return entries.some((entry) => (entry.startsWith('=~') ? new RegExp(entry.slice(2)).test(userAgent) : userAgent.includes(entry)));
}
