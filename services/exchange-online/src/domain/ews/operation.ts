import type { Element } from '@xmldom/xmldom';
import type { RemoteAvailability } from '../../../../../shared/ews/availability/get-user-availability.ts';
import type { MailboxStore } from '../../../../../shared/mailbox/index.ts';
import type { ClientUser } from '../client-access/client-user.ts';

/** What an EWS operation handler gets: its request element, the signed-in user, their store, the clock. */
export interface OperationContext {
  readonly user: ClientUser;
  readonly mailboxes: MailboxStore;
  readonly now: Date;
  /** The mailboxes on-premises, asked for by Exchange Online itself (F11, F12, F13). */
  readonly remote: RemoteAvailability;
}

/** An EWS operation: the request element in, the `m:<Operation>Response` element out. */
export type EwsOperation = (request: Element, context: OperationContext) => string | Promise<string>;
