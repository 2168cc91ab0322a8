import type { Element } from '@xmldom/xmldom';
import type { Mailbox } from '../mailbox/index.ts';
import { childElements } from '../xml/dom.ts';
import { escapeXml } from '../xml/escape.ts';
import type { AutodiscoverTarget } from './pox-settings.ts';
import { autodiscoverSoapNs } from './soap-envelope.ts';

/**
 * GetUserSettings (server-flows §3.2; DEV getusersettings-operation-soap.md): for each
 * `Users/User/Mailbox`, the requested settings this Exchange knows, as StringSettings;
 * a setting it does not know is a UserSettingError InvalidSetting; an address it hosts
 * no mailbox for is InvalidUser, and a user whose mailbox is in the other organization
 * is RedirectAddress with the address to ask for in RedirectTarget. A request without
 * users or settings is InvalidRequest in the top-level ErrorCode.
 */
export interface UserSettingsSource {
  target(address: string): AutodiscoverTarget | undefined;
  /** The values of one mailbox's settings, by the names of server-flows §3.2. */
  settings(mailbox: Mailbox): Readonly<Record<string, string>>;
}

const maxUsers = 100;
const text = (value: string): string => escapeXml(value);

function children(parent: Element | undefined, name: string): Element[] {
  return parent ? childElements(parent, autodiscoverSoapNs.autodiscover, name) : [];
}

function userResponse(source: UserSettingsSource, address: string, requested: readonly string[]): string {
  const target = address ? source.target(address) : undefined;
  const open = '<UserResponse>';
  if (!target) return `${open}<ErrorCode>InvalidUser</ErrorCode><ErrorMessage>Invalid user: '${text(address.slice(0, 256))}'</ErrorMessage><RedirectTarget i:nil="true"/><UserSettingErrors/><UserSettings/></UserResponse>`;
  if (target.kind === 'redirect') return `${open}<ErrorCode>RedirectAddress</ErrorCode><ErrorMessage>Redirection address.</ErrorMessage><RedirectTarget>${text(target.address)}</RedirectTarget><UserSettingErrors/><UserSettings/></UserResponse>`;
  const values = source.settings(target.mailbox);
  const known = requested.filter((name) => Object.hasOwn(values, name));
  const errors = requested
    .filter((name) => !Object.hasOwn(values, name))
    .map((name) => `<UserSettingError><ErrorCode>InvalidSetting</ErrorCode><ErrorMessage>The requested setting is invalid.</ErrorMessage><SettingName>${text(name.slice(0, 100))}</SettingName></UserSettingError>`);
  const settings = known.map((name) => `<UserSetting i:type="StringSetting"><Name>${text(name)}</Name><Value>${text(values[name]!)}</Value></UserSetting>`);
  return `${open}<ErrorCode>NoError</ErrorCode><ErrorMessage>No error.</ErrorMessage><RedirectTarget i:nil="true"/><UserSettingErrors>${errors.join('')}</UserSettingErrors><UserSettings>${settings.join('')}</UserSettings></UserResponse>`;
}

const invalidRequest = (message: string): string => `<ErrorCode>InvalidRequest</ErrorCode><ErrorMessage>${text(message)}</ErrorMessage><UserResponses/>`;

/** The inner `Response` of GetUserSettingsResponseMessage. */
export function getUserSettings(request: Element, source: UserSettingsSource): string {
  const users = children(children(request, 'Users')[0], 'User').map((user) => children(user, 'Mailbox')[0]?.textContent?.trim() ?? '');
  const requested = children(children(request, 'RequestedSettings')[0], 'Setting').map((setting) => setting.textContent?.trim() ?? '');
  if (users.length === 0) return invalidRequest('The request names no users (Users/User/Mailbox).');
  if (users.length > maxUsers) return invalidRequest(`The request names ${users.length} users; at most ${maxUsers} are allowed.`);
  if (requested.length === 0) return invalidRequest('The request names no settings (RequestedSettings/Setting).');
  return `<ErrorCode>NoError</ErrorCode><ErrorMessage/><UserResponses>${users.map((address) => userResponse(source, address, requested)).join('')}</UserResponses>`;
}
