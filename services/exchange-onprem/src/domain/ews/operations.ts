import type { Element } from '@xmldom/xmldom';
import { folderPermissionAccess } from '../../../../../shared/ews/availability/access.ts';
import { getUserAvailabilityAcrossPremises, type RemoteAvailability } from '../../../../../shared/ews/availability/get-user-availability.ts';
import { ewsFault } from '../../../../../shared/ews/ews-fault.ts';
import type { MailboxStore } from '../../../../../shared/mailbox/index.ts';
import type { OnpremUser } from '../client-access/authenticate.ts';

/**
 * The EWS operations Exchange on-premises implements, by body element name (style.md:
 * variants through a map). GetUserAvailability: the caller's own permission on each
 * target calendar (their entry, else Default) decides what they see (server-flows §3.3);
 * a mailbox in the cloud is asked for by this Exchange (shared/cross-premises).
 */
export interface OnpremOperationContext {
  readonly user: OnpremUser;
  readonly mailboxes: MailboxStore;
  readonly organization: string;
  /** The mailboxes in the cloud, asked for by this Exchange itself (F10, F12, F13). */
  readonly remote: RemoteAvailability;
}

type Operation = (request: Element, context: OnpremOperationContext) => string | Promise<string>;

const operations: Readonly<Record<string, Operation>> = {
  GetUserAvailabilityRequest: (request, context) =>
    getUserAvailabilityAcrossPremises(request, { store: context.mailboxes, access: folderPermissionAccess(context.mailboxes, context.user.address), organization: context.organization, remote: context.remote }),
};

export function onpremEwsOperation(name: string): Operation {
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) throw ewsFault('ErrorInvalidRequest', `The lab's Exchange on-premises EWS implements ${Object.keys(operations).join(', ')}; ${name.slice(0, 60)} is not implemented.`);
  return operation;
}
