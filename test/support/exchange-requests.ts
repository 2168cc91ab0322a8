import { parseXml } from '../../shared/xml/safe-parse.ts';

/** Requests as clients write them (EWS Managed API, Outlook, the Exchange hybrid's own calls), for inject tests. */
const ns = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  types: 'http://schemas.microsoft.com/exchange/services/2006/types',
  messages: 'http://schemas.microsoft.com/exchange/services/2006/messages',
  autodiscover: 'http://schemas.microsoft.com/exchange/2010/Autodiscover',
  addressing: 'http://www.w3.org/2005/08/addressing',
};
export { ns };

export function availabilityRequest(addresses: readonly string[], view = 'DetailedMerged', day = '2026-03-02'): string {
  const data = addresses.map((address) => `<t:MailboxData><t:Email><t:Address>${address}</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>`).join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${ns.soap}" xmlns:t="${ns.types}" xmlns:m="${ns.messages}"><s:Header><t:RequestServerVersion Version="Exchange2013"/></s:Header>` +
    `<s:Body><m:GetUserAvailabilityRequest><m:MailboxDataArray>${data}</m:MailboxDataArray><t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>${day}T00:00:00</t:StartTime>` +
    `<t:EndTime>${day}T23:59:59</t:EndTime></t:TimeWindow><t:MergedFreeBusyIntervalInMinutes>30</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>${view}</t:RequestedView></t:FreeBusyViewOptions>` +
    '</m:GetUserAvailabilityRequest></s:Body></s:Envelope>'
  );
}

export function autodiscoverSoap(operation: string, request: string, to = 'https://autodiscover.contoso.test/autodiscover/autodiscover.svc'): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${ns.soap}" xmlns:a="${ns.autodiscover}" xmlns:wsa="${ns.addressing}"><soap:Header>` +
    `<a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion><wsa:Action soap:mustUnderstand="1">${ns.autodiscover}/Autodiscover/${operation}</wsa:Action>` +
    `<wsa:To soap:mustUnderstand="1">${to}</wsa:To></soap:Header><soap:Body><a:${operation}RequestMessage><a:Request>${request}</a:Request></a:${operation}RequestMessage></soap:Body></soap:Envelope>`
  );
}

export const getUserSettings = (addresses: readonly string[], settings: readonly string[]): string =>
  autodiscoverSoap(
    'GetUserSettings',
    `<a:Users>${addresses.map((address) => `<a:User><a:Mailbox>${address}</a:Mailbox></a:User>`).join('')}</a:Users><a:RequestedSettings>${settings.map((name) => `<a:Setting>${name}</a:Setting>`).join('')}</a:RequestedSettings>`,
  );

export const getFederationInformation = (domain: string): string => autodiscoverSoap('GetFederationInformation', `<a:Domain>${domain}</a:Domain>`);

export function poxRequest(address: string, schema = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a', request = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006'): string {
  return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${request}"><Request><EMailAddress>${address}</EMailAddress><AcceptableResponseSchema>${schema}</AcceptableResponseSchema></Request></Autodiscover>`;
}

/** The texts of every element called `name` in `namespace` ('' for any namespace) in `xml`, parsed with the lab's parser. */
export function texts(xml: string, namespace: string, name: string): string[] {
  const document = parseXml(xml);
  const found = namespace === '' ? document.getElementsByTagName(name) : document.getElementsByTagNameNS(namespace, name);
  return Array.from(found).map((element) => element.textContent ?? '');
}
