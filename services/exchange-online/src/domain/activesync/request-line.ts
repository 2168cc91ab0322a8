import { LabError } from '../../../../../shared/errors/lab-error.ts';

/**
 * The ActiveSync request line ([MS-ASHTTP] §2.2.1.1.1): `Cmd`, `User`, `DeviceId` and
 * `DeviceType` in the plain query form, and the `MS-ASProtocolVersion` header. A
 * malformed request is HTTP 400; a command MS-ASCMD defines that the lab does not
 * implement is 501, as the commands advertised by OPTIONS say.
 */
export const supportedVersions = ['14.0', '14.1', '16.0', '16.1'] as const;
export const supportedCommands = ['FolderSync'] as const;
const definedCommands: ReadonlySet<string> = new Set([
  'Autodiscover', 'FolderCreate', 'FolderDelete', 'FolderSync', 'FolderUpdate', 'GetAttachment', 'GetItemEstimate', 'ItemOperations', 'MeetingResponse',
  'MoveItems', 'Ping', 'Provision', 'ResolveRecipients', 'Search', 'SendMail', 'Settings', 'SmartForward', 'SmartReply', 'Sync', 'ValidateCert', 'Find',
]);

export interface ActiveSyncRequest {
  readonly command: (typeof supportedCommands)[number];
  readonly user: string;
  readonly deviceId: string;
  readonly deviceType: string;
  readonly protocolVersion: string;
}

const hop = 'client → exchange-online (ActiveSync)';

function bad(message: string): LabError {
  return new LabError({ code: 'ACTIVESYNC_BAD_REQUEST', statusCode: 400, message, hop });
}

function parameter(query: Record<string, unknown>, name: string, pattern: RegExp): string {
  const value = query[name];
  if (typeof value !== 'string' || value === '') throw bad(`the query needs ${name}`);
  if (!pattern.test(value)) throw bad(`${name} is malformed`);
  return value;
}

export function readActiveSyncRequest(query: Record<string, unknown>, versionHeader: string | string[] | undefined): ActiveSyncRequest {
  const command = parameter(query, 'Cmd', /^[A-Za-z]{1,32}$/);
  if (!definedCommands.has(command)) throw bad(`Cmd=${command} is not an ActiveSync command`);
  if (!(supportedCommands as readonly string[]).includes(command)) {
    throw new LabError({ code: 'ACTIVESYNC_NOT_IMPLEMENTED', statusCode: 501, expose: true, message: `the lab's ActiveSync implements ${supportedCommands.join(', ')}; ${command} is not implemented`, hop });
  }
  const user = parameter(query, 'User', /^[^\s]{1,256}$/);
  const deviceId = parameter(query, 'DeviceId', /^[A-Za-z0-9]{1,32}$/);
  const deviceType = parameter(query, 'DeviceType', /^[A-Za-z0-9]{1,32}$/);
  const protocolVersion = typeof versionHeader === 'string' ? versionHeader.trim() : '';
  if (!(supportedVersions as readonly string[]).includes(protocolVersion)) throw bad(`MS-ASProtocolVersion "${protocolVersion.slice(0, 20)}" is not one of ${supportedVersions.join(', ')}`);
  return { command: 'FolderSync', user, deviceId, deviceType, protocolVersion };
}
