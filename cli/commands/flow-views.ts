import type { HopSummary, TokenSummary } from '../../shared/cross-premises/hops.ts';
import type { AvailabilityAnswer, BusyTime, MailboxAnswer } from './flow-availability.ts';
import { expectedHops, pathNames, thePath, type FlowRequest, type Verdict } from './flow-plan.ts';

/**
 * `lab flow`'s text: what was asked, the answer per mailbox, the journey the Exchange
 * recorded as a numbered list (design §6: tokens summarized, never in full), and the
 * verdict with the failing hop or the setting to change.
 */
export interface FlowRun {
  readonly request: FlowRequest;
  readonly correlationId: string;
  /** Where the CLI stood. */
  readonly from: string;
  readonly answer: AvailabilityAnswer;
  /** Undefined when `/_lab/state` could not be read. */
  readonly hops: readonly HopSummary[] | undefined;
  readonly verdict: Verdict;
}

/** HH:MM of an ISO instant, with its date when it is not the day asked for. */
function clock(iso: string, day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return iso;
  return iso.startsWith(day) ? iso.slice(11, 16) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function busyLine(busy: BusyTime, day: string): string {
  const about = [busy.subject, busy.location ? `(${busy.location})` : undefined].filter(Boolean).join(' ');
  return `    ${clock(busy.start, day)}–${clock(busy.end, day)} UTC  ${busy.busyType}${about ? `  ${about}` : ''}`;
}

export function renderMailbox(answer: MailboxAnswer, day: string): string[] {
  if (answer.kind === 'error') return [`  ${answer.mailbox}: ${answer.responseCode}${answer.messageText ? ` — ${answer.messageText}` : ''}`];
  const lines = [`  ${answer.mailbox}: ${answer.viewType}${answer.busy.length === 0 ? ', no busy times' : ''}`];
  lines.push(...answer.busy.map((busy) => busyLine(busy, day)));
  if (answer.merged !== undefined) lines.push(`    merged (30 min): ${answer.merged}`);
  return lines;
}

export function renderAnswer(answer: AvailabilityAnswer, day: string): string[] {
  if (answer.kind === 'failed') return [`answer: HTTP ${answer.status}${answer.responseCode ? ` ${answer.responseCode}` : ''}: ${answer.message}`];
  return [`answer (HTTP ${answer.status}):`, ...answer.mailboxes.flatMap((mailbox) => renderMailbox(mailbox, day))];
}

export function renderToken(token: TokenSummary): string {
  const parts = [
    token.issuer && `issuer ${token.issuer}`,
    token.audience && `audience ${token.audience}`,
    token.user && `user ${token.user}`,
    token.expires && `expires ${token.expires}`,
    token.form && `form ${token.form}`,
  ].filter(Boolean);
  return `token ${token.type}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** One hop: `3. title — detail (cache miss)`, then what it is and where it went, then its token. */
export function renderHop(hop: HopSummary): string[] {
  const head = `  ${hop.step}. ${hop.ok ? '' : '✗ '}${hop.title}${hop.detail ? ` — ${hop.detail}` : ''}${hop.cache ? ` (cache ${hop.cache})` : ''}`;
  const call = hop.url ? `${hop.method ?? 'POST'} ${hop.url}${hop.status !== undefined ? ` → ${hop.status}` : ''}${hop.ms !== undefined ? ` in ${hop.ms} ms` : ''}` : hop.status !== undefined ? `HTTP ${hop.status}` : undefined;
  const facts = [hop.hop, hop.path === 'none' ? undefined : pathNames[hop.path], `for ${hop.target}`, call].filter(Boolean);
  const indent = ' '.repeat(String(hop.step).length + 4);
  return [head, `${indent}${facts.join(' · ')}`, ...(hop.token ? [`${indent}${renderToken(hop.token)}`] : [])];
}

export function renderJourney(run: FlowRun): string[] {
  const server = run.request.flow.server;
  if (run.hops === undefined) return [`journey at ${server}: not available`];
  if (run.hops.length === 0) return [`journey at ${server}: ${run.verdict.servedLocally ? `served by ${server} itself: ` : ''}no cross-premises hops`];
  return [`journey at ${server} (${run.hops.length} hop${run.hops.length === 1 ? '' : 's'}, ${thePath(run.verdict.path)}):`, ...run.hops.flatMap(renderHop)];
}

export function renderVerdict(run: FlowRun): string[] {
  const { flow } = run.request;
  const mismatch = run.verdict.pathMismatch;
  const lines: string[] = [];
  if (mismatch) lines.push(`WARNING: ${flow.server} took ${thePath(mismatch.taken)}, not ${thePath(mismatch.expected)} that ${flow.id} means.`, `  hint: ${mismatch.hint}`);
  if (run.verdict.ok) {
    lines.push(run.verdict.servedLocally ? `OK: every mailbox answered; ${flow.id}'s cross-premises path was not used (the mailboxes are in ${flow.server}'s own organization)` : `OK: ${flow.id} took ${thePath(run.verdict.path)} and every mailbox answered`);
  } else {
    lines.push(`FAILED: ${flow.id}${mismatch ? ` did not take ${thePath(mismatch.expected)}` : ''}`, ...run.verdict.problems.map((problem) => `  ${problem}`));
  }
  return lines;
}

export function renderFlow(run: FlowRun): string {
  const { request } = run;
  const { flow } = request;
  return [
    `${flow.id}  ${flow.title}`,
    `  ${request.requester} asks ${flow.server} (${flow.origin}/EWS/Exchange.asmx) with Basic, from ${run.from}`,
    `  for ${request.mailboxes.join(', ')} on ${request.day} (UTC), view ${request.view}, client-request-id ${run.correlationId}`,
    `  expected path: ${pathNames[flow.path]}: ${flow.steps}`,
    `                 (${expectedHops[flow.path].join(' → ')})`,
    '',
    ...renderAnswer(run.answer, request.day),
    '',
    ...renderJourney(run),
    '',
    ...renderVerdict(run),
  ].join('\n');
}

/** `--json`: the answer and the hops, with what was asked and the verdict. */
export function flowJson(run: FlowRun): string {
  const { password: _password, flow, ...asked } = run.request;
  return JSON.stringify({ flow: flow.id, server: flow.server, correlationId: run.correlationId, from: run.from, request: asked, answer: run.answer, hops: run.hops ?? null, verdict: run.verdict }, null, 2);
}
