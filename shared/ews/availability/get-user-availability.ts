import type { Element } from '@xmldom/xmldom';
import type { CalendarItem, MailboxStore } from '../../mailbox/index.ts';
import { detailOf, type AccessPolicy } from './access.ts';
import { freeBusyView } from './free-busy-view.ts';
import { readAvailabilityRequest, type AvailabilityRequest, type MailboxQuery } from './read-request.ts';
import { renderAvailabilityResponse, type MailboxAvailability } from './render-response.ts';

/**
 * GetUserAvailability for the mailboxes one Exchange hosts (server-flows §3.3): read the
 * request, then for each mailbox in order: is it here (else ErrorMailRecipientNotFound),
 * what may the caller see (the access policy the route chose; None is
 * ErrorNoFreeBusyAccess), and its FreeBusyView. Both per-mailbox errors sit inside a
 * NoError response, as Exchange answers them; the answer is the
 * `m:GetUserAvailabilityResponse` element for the route's envelope.
 */
export interface AvailabilityContext {
  readonly store: Pick<MailboxStore, 'mailbox' | 'calendarFor' | 'permissionOf'>;
  readonly access: AccessPolicy;
  /** Who serves the answer, for error texts: "Exchange Online", "Exchange on-premises (contoso.test)". */
  readonly organization: string;
}

const dayMs = 86_400_000;

/** Every occurrence on the UTC days the window touches; free-busy-view keeps those overlapping it. */
function calendarIn(context: AvailabilityContext, owner: string, request: AvailabilityRequest): CalendarItem[] {
  const items: CalendarItem[] = [];
  for (let day = Math.floor(request.start.getTime() / dayMs) * dayMs; day < request.end.getTime(); day += dayMs) items.push(...context.store.calendarFor(owner, new Date(day)));
  return items;
}

function answerFor(context: AvailabilityContext, query: MailboxQuery, request: AvailabilityRequest): MailboxAvailability {
  const mailbox = query.address ? context.store.mailbox(query.address) : undefined;
  if (!mailbox) {
    const named = query.address ? query.address.slice(0, 256) : '(no address)';
    return { kind: 'error', responseCode: 'ErrorMailRecipientNotFound', messageText: `No mailbox in ${context.organization} has the address ${named}.` };
  }
  const decision = context.access(mailbox);
  const detail = detailOf(decision.level);
  if (detail === 'none') return { kind: 'error', responseCode: 'ErrorNoFreeBusyAccess', messageText: `The caller has no free/busy access to ${mailbox.primarySmtpAddress}: ${decision.basis}.` };
  return { kind: 'view', view: freeBusyView(mailbox.primarySmtpAddress, calendarIn(context, mailbox.primarySmtpAddress, request), request, detail) };
}

export function getUserAvailability(operation: Element, context: AvailabilityContext): string {
  const request = readAvailabilityRequest(operation);
  return renderAvailabilityResponse(request.mailboxes.map((query) => answerFor(context, query, request)), request.timeZone);
}

/**
 * Where the mailboxes of the other organization are answered from (server-flows §1.9;
 * design §3 F10–F13): the requesting Exchange asks the other one itself, so a client only
 * ever talks to its own server. `handles` says whether an address is a recipient whose
 * mailbox is over there; `answer` returns one answer per query, in order.
 */
export interface RemoteAvailability {
  handles(address: string): boolean;
  answer(queries: readonly MailboxQuery[], request: AvailabilityRequest): Promise<MailboxAvailability[]>;
}

/**
 * GetUserAvailability for a signed-in user of this Exchange: the mailboxes here as
 * `getUserAvailability` answers them; those in the other organization through `remote`,
 * all asked at once; an address known to neither is ErrorMailRecipientNotFound.
 */
export async function getUserAvailabilityAcrossPremises(operation: Element, context: AvailabilityContext & { readonly remote: RemoteAvailability }): Promise<string> {
  const request = readAvailabilityRequest(operation);
  const answers: (MailboxAvailability | undefined)[] = request.mailboxes.map((query) =>
    query.address && !context.store.mailbox(query.address) && context.remote.handles(query.address) ? undefined : answerFor(context, query, request),
  );
  const remoteIndexes = answers.flatMap((answer, index) => (answer === undefined ? [index] : []));
  if (remoteIndexes.length > 0) {
    const remoteAnswers = await context.remote.answer(
      remoteIndexes.map((index) => request.mailboxes[index]!),
      request,
    );
    remoteIndexes.forEach((index, position) => (answers[index] = remoteAnswers[position]));
  }
  return renderAvailabilityResponse(answers as MailboxAvailability[], request.timeZone);
}
