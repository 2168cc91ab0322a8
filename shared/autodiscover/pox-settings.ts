import type { Mailbox } from '../mailbox/index.ts';
import { escapeXml } from '../xml/escape.ts';
import { autodiscoverNs, PoxError } from './pox.ts';

/**
 * The POX answer each accepted response schema gets (server-flows §3.1): for a mailbox
 * this Exchange hosts, Outlook's settings (`responseschema/2006a`: the EXPR protocol
 * with the EWS URL, Basic over SSL, and the WEB protocol with OWA) or mobile sync's (the
 * ActiveSync URL); for a user whose mailbox is in the other organization,
 * `Action=redirectAddr` to the address to ask for instead (Outlook) or
 * `Action/Redirect` (mobile sync, [MS-ASCMD] 6.3). Wrapped in the outer
 * `responseschema/2006` Autodiscover element.
 */
export interface ClientAccessUrls {
  /** UserDeploymentId: the tenant id in the cloud, the organization's GUID on-premises. */
  readonly deploymentId: string;
  readonly host: string;
  readonly ewsUrl: string;
  readonly owaUrl: string;
  readonly activeSyncUrl: string;
  /** `MicrosoftOnline=True` is what tells Outlook it reached Exchange Online. */
  readonly microsoftOnline: boolean;
}

/** Where an Autodiscover address leads: a mailbox here, or a redirect to the other organization's address for the user. */
export type AutodiscoverTarget = { readonly kind: 'mailbox'; readonly mailbox: Mailbox } | { readonly kind: 'redirect'; readonly address: string };

type Render = (target: AutodiscoverTarget, urls: ClientAccessUrls) => string;

const e = (name: string, value: string): string => `<${name}>${escapeXml(value)}</${name}>`;

function outlookAccount(mailbox: Mailbox, urls: ClientAccessUrls): string {
  return (
    `<User>${e('DisplayName', mailbox.displayName)}${e('AutoDiscoverSMTPAddress', mailbox.primarySmtpAddress)}${e('DeploymentId', urls.deploymentId)}</User>` +
    `<Account>${e('AccountType', 'email')}${e('Action', 'settings')}${urls.microsoftOnline ? e('MicrosoftOnline', 'True') : ''}` +
    `<Protocol>${e('Type', 'EXPR')}${e('Server', urls.host)}${e('SSL', 'On')}${e('AuthPackage', 'Basic')}${e('ServerExclusiveConnect', 'On')}` +
    `${e('ASUrl', urls.ewsUrl)}${e('EwsUrl', urls.ewsUrl)}${e('OOFUrl', urls.ewsUrl)}</Protocol>` +
    `<Protocol>${e('Type', 'WEB')}<Internal><OWAUrl AuthenticationMethod="Fba">${escapeXml(urls.owaUrl)}</OWAUrl></Internal>` +
    `<External><OWAUrl AuthenticationMethod="Fba">${escapeXml(urls.owaUrl)}</OWAUrl></External></Protocol></Account>`
  );
}

const outlook: Render = (target, urls) =>
  `<Response xmlns="${autodiscoverNs.outlookResponse}">` +
  (target.kind === 'mailbox' ? outlookAccount(target.mailbox, urls) : `<Account>${e('AccountType', 'email')}${e('Action', 'redirectAddr')}${e('RedirectAddr', target.address)}</Account>`) +
  '</Response>';

const mobileSync: Render = (target, urls) =>
  `<Response xmlns="${autodiscoverNs.mobileSyncResponse}">${e('Culture', 'en:us')}` +
  (target.kind === 'mailbox'
    ? `<User>${e('DisplayName', target.mailbox.displayName)}${e('EMailAddress', target.mailbox.primarySmtpAddress)}</User>` +
      `<Action><Settings><Server>${e('Type', 'MobileSync')}${e('Url', urls.activeSyncUrl)}${e('Name', urls.activeSyncUrl)}</Server></Settings></Action>`
    : `<Action>${e('Redirect', target.address)}</Action>`) +
  '</Response>';

const bySchema: Readonly<Record<string, Render>> = {
  [autodiscoverNs.outlookResponse]: outlook,
  [autodiscoverNs.mobileSyncResponse]: mobileSync,
};

export function settingsResponse(responseSchema: string, target: AutodiscoverTarget, urls: ClientAccessUrls): string {
  const render = Object.hasOwn(bySchema, responseSchema) ? bySchema[responseSchema] : undefined;
  if (!render) throw new PoxError(601, `The requested schema version is not supported: ${responseSchema.slice(0, 120)}`);
  return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${autodiscoverNs.response}">${render(target, urls)}</Autodiscover>`;
}
