import type { LabHttpClient } from '../../shared/http/client.ts';
import { journeyIn, type HopSummary } from '../../shared/cross-premises/hops.ts';
import { parseXml } from '../../shared/xml/safe-parse.ts';
import { availabilityRequest, ns } from './exchange-requests.ts';

/**
 * Cross-premises free/busy as a user's client sees it and as the requesting Exchange
 * recorded it: a GetUserAvailability with Basic and a correlation id of the test's, then
 * that id's hops from the server's `/_lab/state` trace (shared/cross-premises/hops.ts).
 */
export interface MailboxAnswer {
  readonly code: string;
  readonly message: string;
  readonly subjects: readonly string[];
  readonly starts: readonly string[];
  readonly viewType: string;
}

export interface FreeBusyRun {
  readonly correlationId: string;
  readonly status: number;
  /** Milliseconds from sending the GetUserAvailability until its whole answer arrived, as the client saw it. */
  readonly ms: number;
  readonly answers: readonly MailboxAnswer[];
  readonly hops: readonly HopSummary[];
  readonly body: string;
}

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function readAnswers(body: string): MailboxAnswer[] {
  const document = parseXml(body);
  return Array.from(document.getElementsByTagNameNS(ns.messages, 'FreeBusyResponse')).map((response) => {
    const text = (namespace: string, name: string): string[] => Array.from(response.getElementsByTagNameNS(namespace, name)).map((element) => element.textContent ?? '');
    return { code: text(ns.messages, 'ResponseCode')[0] ?? '', message: text(ns.messages, 'MessageText')[0] ?? '', subjects: text(ns.types, 'Subject'), starts: text(ns.types, 'StartTime'), viewType: text(ns.types, 'FreeBusyViewType')[0] ?? '' };
  });
}

export async function journeyOf(client: LabHttpClient, host: string, correlationId: string): Promise<HopSummary[]> {
  const state = await client.request(`https://${host}/_lab/state`);
  return journeyIn((JSON.parse(state.body) as { recent: unknown[] }).recent, correlationId);
}

export async function askFreeBusy(client: LabHttpClient, options: { readonly host: string; readonly user: string; readonly password: string; readonly for: readonly string[]; readonly day: string; readonly view?: string }): Promise<FreeBusyRun> {
  const correlationId = `fb-${Math.random().toString(36).slice(2, 10)}`;
  const started = performance.now();
  const response = await client.request(`https://${options.host}/EWS/Exchange.asmx`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', authorization: basic(options.user, options.password) },
    body: availabilityRequest(options.for, options.view ?? 'DetailedMerged', options.day),
    correlationId,
    timeoutMs: 60_000,
  });
  const ms = performance.now() - started;
  return { correlationId, status: response.status, ms, answers: response.status === 200 ? readAnswers(response.body) : [], hops: await journeyOf(client, options.host, correlationId), body: response.body };
}

export const hopNames = (run: FreeBusyRun): string[] => run.hops.map((hop) => hop.hop);
