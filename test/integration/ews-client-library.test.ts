import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Element } from '@xmldom/xmldom';
import { ServiceError, ServiceRequestException, SoapFaultDetails } from 'ews-javascript-api';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { labDay } from '../../shared/mailbox/index.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { parseXml } from '../../shared/xml/safe-parse.ts';
import { ewsJsAvailability, type EwsJsAvailability, type EwsJsCredentials, type EwsJsEvent, type EwsJsExchange } from '../support/ews-js-client.ts';
import { ns } from '../support/exchange-requests.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { lab, startFederatedLab } from '../support/identity.ts';

/**
 * A third-party EWS client library, ews-javascript-api (the EWS Managed API ported to
 * TypeScript), asks each organization's EWS for free/busy with its own
 * ExchangeService.GetUserAvailability: on-premises with Basic from corp, Exchange Online
 * from the internet with Basic for a managed user, Basic for a federated user (the F6
 * proxy through AD FS) and Bearer. Its HTTP runs on the lab client (lab DNS, lab CA,
 * host names checked). Each answer it parsed is checked against the seed's calendars and
 * against the lab's own answer to the very request body the library sent, replayed raw
 * and read with the lab's parser.
 */
const today = labDay(new Date());
const seed = loadSeed();
const onpremEws = 'https://mail.contoso.test/EWS/Exchange.asmx';
const onlineEws = 'https://outlook.office365.test/EWS/Exchange.asmx';

/**
 * What the seed's calendar gives `owner` today (its `HH:MM` items recur every lab day, in
 * UTC), earliest first; subjects only for a caller with LimitedDetails or more.
 */
function seedEvents(owner: string, withSubjects: boolean): EwsJsEvent[] {
  return (seed.mailboxes[owner]?.calendar ?? [])
    .map((item) => ({ start: `${today}T${item.start}:00.000Z`, end: `${today}T${item.end}:00.000Z`, busyType: 'Busy', ...(withSubjects ? { subject: item.subject } : {}) }))
    .sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
}

/** The lab's raw GetUserAvailabilityResponse in the same plain shape, read with the lab's own XML parser. Times carry no offset: the request's zone, UTC. */
function rawAvailability(body: string, attendees: readonly string[]): EwsJsAvailability[] {
  const responses = Array.from(parseXml(body).getElementsByTagNameNS(ns.messages, 'FreeBusyResponse'));
  assert.equal(responses.length, attendees.length, body);
  const text = (parent: Element, namespace: string, name: string): string | undefined => parent.getElementsByTagNameNS(namespace, name)[0]?.textContent ?? undefined;
  return responses.map((response, index) => {
    const code = text(response, ns.messages, 'ResponseCode');
    const events = Array.from(response.getElementsByTagNameNS(ns.types, 'CalendarEvent')).map((event) => {
      const subject = text(event, ns.types, 'Subject');
      return {
        start: new Date(`${text(event, ns.types, 'StartTime')}Z`).toISOString(),
        end: new Date(`${text(event, ns.types, 'EndTime')}Z`).toISOString(),
        busyType: text(event, ns.types, 'BusyType') ?? '',
        ...(subject === undefined ? {} : { subject }),
      };
    });
    return { address: attendees[index] ?? '', ...(code === 'NoError' ? {} : { error: code }), events };
  });
}

const authorizationOf = (credentials: EwsJsCredentials): string =>
  'bearer' in credentials ? `Bearer ${credentials.bearer}` : `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;

describe('ews-javascript-api, a third-party EWS client, gets free/busy from each organization on the local lab', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;
  let corp: LabHttpClient;
  let internet: LabHttpClient;

  /** The library's GetUserAvailability, then the same body replayed raw; returns both answers. */
  async function askBoth(url: string, client: LabHttpClient, credentials: EwsJsCredentials, attendees: readonly string[]): Promise<{ library: EwsJsAvailability[]; lab: EwsJsAvailability[]; sent: string }> {
    const exchanges: EwsJsExchange[] = [];
    const library = await ewsJsAvailability({ url, credentials, client, attendees, day: today, exchanges });
    assert.equal(exchanges.length, 1, 'the library made one request');
    const sent = exchanges[0]!.requestBody;
    const replay = await client.request(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', authorization: authorizationOf(credentials) }, body: sent });
    assert.equal(replay.status, 200, replay.body);
    return { library, lab: rawAvailability(replay.body, attendees), sent };
  }

  before(async () => {
    ({ testLab, env } = await startFederatedLab());
    corp = clientOn('corp', testLab.certsDir);
    internet = clientOn('internet', testLab.certsDir);
  });
  after(async () => {
    await corp?.close();
    await internet?.close();
    await testLab?.dispose();
  });

  it("on-premises, Mary with Basic from corp: her own calendar with subjects and Alex's busy times, the lab's answer to the same request", async () => {
    const { library, lab: raw, sent } = await askBoth(onpremEws, corp, { user: 'mary@contoso.test', password: 'Mary!Lab2026' }, ['mary@contoso.test', 'alex@contoso.test']);
    // What the library puts on the wire: Exchange2013, its zone in the TimeZoneContext header, a Detailed view.
    assert.match(sent, /<t:RequestServerVersion Version="Exchange2013"/);
    assert.match(sent, /<t:TimeZoneDefinition Name="UTC" Id="UTC"/);
    assert.match(sent, /<t:RequestedView>Detailed<\/t:RequestedView>/);
    // Mary owns her calendar (details); Alex's Default is AvailabilityOnly (times only).
    assert.deepEqual(library, [
      { address: 'mary@contoso.test', events: seedEvents('mary@contoso.test', true) },
      { address: 'alex@contoso.test', events: seedEvents('alex@contoso.test', false) },
    ]);
    assert.deepEqual(library[0]!.events.map((event) => event.subject), ['Team stand-up', 'Vendor call']);
    assert.deepEqual(library, raw);
  });

  it("Exchange Online, Ann (managed) with Basic from the internet: her own subjects, Joe's and Sam's times, and for Mary (on-premises, no hybrid configured here) ErrorAvailabilityConfigNotFound", async () => {
    const attendees = ['ann@contoso.onmicrosoft.test', 'joe@contoso.test', 'sam@litware.test', 'mary@contoso.test'];
    const { library, lab: raw } = await askBoth(onlineEws, internet, { user: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026' }, attendees);
    // Joe's calendar grants only Mary more than Default (AvailabilityOnly); Sam's has Default only.
    assert.deepEqual(library, [
      { address: 'ann@contoso.onmicrosoft.test', events: seedEvents('ann@contoso.onmicrosoft.test', true) },
      { address: 'joe@contoso.test', events: seedEvents('joe@contoso.test', false) },
      { address: 'sam@litware.test', events: seedEvents('sam@litware.test', false) },
      { address: 'mary@contoso.test', error: 'ErrorAvailabilityConfigNotFound', events: [] },
    ]);
    assert.deepEqual(library, raw);
  });

  it("Exchange Online, Joe (federated) with Basic through AD FS: his own calendar's subjects and Ann's times", async () => {
    const { library, lab: raw } = await askBoth(onlineEws, internet, { user: 'joe@contoso.test', password: 'Joe!Lab2026' }, ['joe@contoso.test', 'ann@contoso.onmicrosoft.test']);
    assert.deepEqual(library, [
      { address: 'joe@contoso.test', events: seedEvents('joe@contoso.test', true) },
      { address: 'ann@contoso.onmicrosoft.test', events: seedEvents('ann@contoso.onmicrosoft.test', false) },
    ]);
    assert.deepEqual(library[0]!.events.map((event) => event.subject), ['Budget review', 'Lunch with Sam']);
    assert.deepEqual(library, raw);
  });

  it("Exchange Online, Joe with the Bearer token `lab token` gets him (F7): his own subjects and Sam's times", async () => {
    const token = await lab(['token', '--user', 'joe@contoso.test', '--password', 'Joe!Lab2026', '--as', 'internet', '--json', '--raw'], env);
    assert.equal(token.code, 0, token.stderr);
    const bearer = (JSON.parse(token.stdout) as { token: string }).token;
    const { library, lab: raw } = await askBoth(onlineEws, internet, { bearer }, ['joe@contoso.test', 'sam@litware.test']);
    assert.deepEqual(library, [
      { address: 'joe@contoso.test', events: seedEvents('joe@contoso.test', true) },
      { address: 'sam@litware.test', events: seedEvents('sam@litware.test', false) },
    ]);
    assert.deepEqual(library, raw);
  });

  it("a library in a fixed-offset zone (UTC-08) gets the lab's answer in that zone, and reads the same instants back", async () => {
    const exchanges: EwsJsExchange[] = [];
    const attendees = ['mary@contoso.test', 'alex@contoso.test'];
    const library = await ewsJsAvailability({ url: onpremEws, credentials: { user: 'mary@contoso.test', password: 'Mary!Lab2026' }, client: corp, attendees, day: today, exchanges, timeZone: 'UTC-08' });
    // The library sends the window as dates only, the day's 00:00 to the next day's in its own zone (as the EWS
    // Managed API does): here 08:00Z to 08:00Z, which holds all of the lab day's items and none of the next day's.
    assert.match(exchanges[0]!.requestBody, /<t:TimeZoneDefinition [^>]*Id="UTC-08"/);
    assert.match(exchanges[0]!.requestBody, new RegExp(`<t:StartTime>${today}T00:00:00</t:StartTime>`));
    // The lab answers in local times of that zone: Mary's 09:30Z stand-up is 01:30 there.
    assert.match(exchanges[0]!.responseBody, new RegExp(`<t:StartTime>${today}T01:30:00</t:StartTime>`));
    assert.deepEqual(library, [
      { address: 'mary@contoso.test', events: seedEvents('mary@contoso.test', true) },
      { address: 'alex@contoso.test', events: seedEvents('alex@contoso.test', false) },
    ]);
  });

  it('a library in a zone with daylight time (W. Europe Standard Time) gets ErrorTimeZone as a SOAP fault it parses, not an answer an hour off', async () => {
    const refused = await ewsJsAvailability({ url: onpremEws, credentials: { user: 'mary@contoso.test', password: 'Mary!Lab2026' }, client: corp, attendees: ['alex@contoso.test'], day: today, timeZone: 'W. Europe Standard Time' }).then(
      () => assert.fail('the lab answered a zone it cannot compute'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof SoapFaultDetails, String(refused));
    assert.equal(refused.HttpStatusCode, 500);
    assert.equal(refused.ResponseCode, ServiceError.ErrorTimeZone);
    assert.match(refused.message, /fixed-offset time zones only .*'W\. Europe Standard Time'/);
  });

  it('a wrong password reaches the library as the 401 it handles: a SoapFaultDetails with HTTP 401 carrying its ServiceRequestUnauthorizedException', async () => {
    const refused = await ewsJsAvailability({ url: onpremEws, credentials: { user: 'mary@contoso.test', password: 'wrong' }, client: corp, attendees: ['alex@contoso.test'], day: today }).then(
      () => assert.fail('the library accepted a wrong password'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof SoapFaultDetails, String(refused));
    assert.equal(refused.HttpStatusCode, 401);
    // ServiceRequestUnauthorizedException (a ServiceRequestException) is not among the package's exports.
    assert.ok(refused.Exception instanceof ServiceRequestException);
    assert.equal(refused.Exception.constructor.name, 'ServiceRequestUnauthorizedException');
    assert.equal(refused.Exception.Message, '401 Unauthorized');
  });
});
