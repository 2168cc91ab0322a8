import type { Element } from '@xmldom/xmldom';
import type { MailboxStore } from '../../../../../shared/mailbox/index.ts';
import type { ClientUser } from '../client-access/client-user.ts';

/** What an EWS operation handler gets: its request element, the signed-in user, their store, the clock. */
export interface OperationContext {
  readonly user: ClientUser;
  readonly mailboxes: MailboxStore;
  readonly now: Date;
}

/** An EWS operation: the request element in, the `m:<Operation>Response` element out. */
export type EwsOperation = (request: Element, context: OperationContext) => string;
