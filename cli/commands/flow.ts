import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Environment } from '../../shared/config/service-config.ts';
import type { HopSummary } from '../../shared/cross-premises/hops.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { cliHttpClient, cliVantage } from '../vantage.ts';
import { buildAvailabilityRequest, getUserAvailabilityAction, readAvailabilityAnswer, type AvailabilityAnswer } from './flow-availability.ts';
import { journeyOf, judge, readFlowRequest, type FlowRequest } from './flow-plan.ts';
import { flowJson, renderFlow, type FlowRun } from './flow-views.ts';

/**
 * `lab flow F10|F11|F12|F13`: a user asks their own Exchange's EWS GetUserAvailability
 * for mailboxes (design §3, §7), as Outlook would, with Basic and a fresh
 * `client-request-id`; then the CLI reads that Exchange's trace (`/_lab/state`) for the
 * hops it recorded under that id (shared/cross-premises/hops.ts) and says whether the
 * request went the way the flow id means.
 * Exit 0: answered, every mailbox answered, the flow's path (or no cross-premises hop at
 * all); 1: anything else, naming the failing hop; 2: a usage error.
 */
export const flowUsage = `usage: lab flow F10|F11|F12|F13 [--as <user>] [--for <mailbox>[,<mailbox>…]] [--password <p>]
                [--date YYYY-MM-DD] [--view DetailedMerged|Detailed|FreeBusyMerged|FreeBusy|MergedOnly|None]
                [--from internet|corp] [--json]
  F10 (OAuth), F12 (DAuth), F13 (legacy): an on-premises user (default mary@contoso.test) asks
    exchange-onprem, from corp; --for defaults to joe@contoso.test
  F11 (OAuth): a cloud mailbox user (default joe@contoso.test) asks exchange-online, from the
    internet; --for defaults to mary@contoso.test
  --password defaults to the seed's; --date to today (UTC); --from to the flow's network on the
  host, and to the container itself in a lab container (LAB_CONTAINER)`;

const ewsTimeoutMs = 60_000;

async function askAvailability(http: LabHttpClient, request: FlowRequest, correlationId: string): Promise<AvailabilityAnswer> {
  const basic = Buffer.from(`${request.requester}:${request.password}`, 'utf8').toString('base64');
  const response = await http.request(`${request.flow.origin}/EWS/Exchange.asmx`, {
    method: 'POST',
    correlationId,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${getUserAvailabilityAction}"`, accept: 'text/xml', authorization: `Basic ${basic}` },
    body: buildAvailabilityRequest({ mailboxes: request.mailboxes, day: request.day, view: request.view }),
    timeoutMs: ewsTimeoutMs,
  });
  const challenge = response.headers['www-authenticate'];
  return readAvailabilityAnswer(response.status, response.body, request.mailboxes, challenge === undefined ? [] : [challenge].flat());
}

/** The Exchange's recent trace, filtered to this request's hops; or why it could not be read. */
async function readJourney(http: LabHttpClient, origin: string, correlationId: string): Promise<{ hops: HopSummary[] } | { problem: string }> {
  try {
    const response = await http.request(`${origin}/_lab/state`, { headers: { accept: 'application/json' } });
    if (response.status !== 200) return { problem: `GET ${origin}/_lab/state answered HTTP ${response.status}` };
    const recent = (JSON.parse(response.body) as { recent?: unknown }).recent;
    return Array.isArray(recent) ? { hops: journeyOf(recent, correlationId) } : { problem: `GET ${origin}/_lab/state has no recent[] trace` };
  } catch (error) {
    if (error instanceof LabError) return { problem: `GET ${origin}/_lab/state: ${error.message}` };
    if (error instanceof SyntaxError) return { problem: `GET ${origin}/_lab/state is not JSON` };
    throw error;
  }
}

export async function runFlow(args: string[], env: Environment): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      for: { type: 'string' },
      password: { type: 'string' },
      date: { type: 'string' },
      view: { type: 'string' },
      from: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const read = positionals.length > 1 ? { problem: `one flow at a time; got ${positionals.join(' ')}` } : readFlowRequest(positionals[0], values, loadSeed(env.LAB_SEED ? resolve(env.LAB_SEED) : undefined), new Date().toISOString().slice(0, 10));
  if ('problem' in read) {
    console.error(`lab flow: ${read.problem}\n${flowUsage}`);
    return 2;
  }
  const { request } = read;
  // On the host the flow's own network; in a lab container the container itself, unless --from says otherwise.
  const network = request.from ?? (env.LAB_CONTAINER ? undefined : request.flow.network);
  const from = cliVantage(network, env).from;
  const http = cliHttpClient(network, env);
  try {
    const correlationId = randomUUID();
    const answer = await askAvailability(http, request, correlationId);
    const journey = await readJourney(http, request.flow.origin, correlationId);
    const hops = 'hops' in journey ? journey.hops : undefined;
    const verdict = judge(request.flow, answer, hops, 'problem' in journey ? journey.problem : undefined);
    const run: FlowRun = { request, correlationId, from, answer, hops, verdict };
    console.log(values.json ? flowJson(run) : renderFlow(run));
    return verdict.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`lab flow ${request.flow.id}: ${error.message} (hop: ${error.hop ?? `${from} → ${request.flow.server} (EWS)`})`);
    return 1;
  } finally {
    await http.close();
  }
}
