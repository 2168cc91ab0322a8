import type { Mailbox } from '../../../../../shared/mailbox/index.ts';
import { escapeXml } from '../../../../../shared/xml/escape.ts';
import type { ClientAccessSettings } from '../../config.ts';
import { autodiscoverNs, PoxError } from './pox.ts';

/**
 * The settings each accepted response schema gets for a cloud mailbox: Outlook's
 * (`responseschema/2006a`: the EXPR protocol with the EWS URL, Basic over SSL, and the
 * WEB protocol with OWA) and mobile sync's (the ActiveSync URL). Both are wrapped in the
 * outer `responseschema/2006` Autodiscover element.
 */
type Render = (mailbox: Mailbox, settings: ClientAccessSettings) => string;

const e = (name: string, value: string): string => `<${name}>${escapeXml(value)}</${name}>`;

const outlook: Render = (mailbox, settings) =>
  `<Response xmlns="${autodiscoverNs.outlookResponse}">` +
  `<User>${e('DisplayName', mailbox.displayName)}${e('AutoDiscoverSMTPAddress', mailbox.primarySmtpAddress)}${e('DeploymentId', settings.tenantId)}</User>` +
  `<Account>${e('AccountType', 'email')}${e('Action', 'settings')}${e('MicrosoftOnline', 'True')}` +
  `<Protocol>${e('Type', 'EXPR')}${e('Server', settings.host)}${e('SSL', 'On')}${e('AuthPackage', 'Basic')}${e('ServerExclusiveConnect', 'On')}` +
  `${e('ASUrl', settings.ewsUrl)}${e('EwsUrl', settings.ewsUrl)}${e('OOFUrl', settings.ewsUrl)}</Protocol>` +
  `<Protocol>${e('Type', 'WEB')}<Internal><OWAUrl AuthenticationMethod="Fba">${escapeXml(settings.owaUrl)}</OWAUrl></Internal>` +
  `<External><OWAUrl AuthenticationMethod="Fba">${escapeXml(settings.owaUrl)}</OWAUrl></External></Protocol>` +
  '</Account></Response>';

const mobileSync: Render = (mailbox, settings) =>
  `<Response xmlns="${autodiscoverNs.mobileSyncResponse}">${e('Culture', 'en:us')}` +
  `<User>${e('DisplayName', mailbox.displayName)}${e('EMailAddress', mailbox.primarySmtpAddress)}</User>` +
  `<Action><Settings><Server>${e('Type', 'MobileSync')}${e('Url', settings.activeSyncUrl)}${e('Name', settings.activeSyncUrl)}</Server></Settings></Action></Response>`;

const bySchema: Readonly<Record<string, Render>> = {
  [autodiscoverNs.outlookResponse]: outlook,
  [autodiscoverNs.mobileSyncResponse]: mobileSync,
};

export function settingsResponse(responseSchema: string, mailbox: Mailbox, settings: ClientAccessSettings): string {
  const render = Object.hasOwn(bySchema, responseSchema) ? bySchema[responseSchema] : undefined;
  if (!render) throw new PoxError(601, `The requested schema version is not supported: ${responseSchema.slice(0, 120)}`);
  return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${autodiscoverNs.response}">${render(mailbox, settings)}</Autodiscover>`;
}
