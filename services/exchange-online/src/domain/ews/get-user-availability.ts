import { folderPermissionAccess } from '../../../../../shared/ews/availability/access.ts';
import { getUserAvailabilityAcrossPremises } from '../../../../../shared/ews/availability/get-user-availability.ts';
import type { EwsOperation } from './operation.ts';

/**
 * GetUserAvailability for Exchange Online's own mailboxes (server-flows §3.3): the
 * signed-in user (Basic or Bearer) asks, and their own permission on each target
 * calendar decides what they see — their entry, else Default. A mailbox on-premises is
 * asked for by Exchange Online itself (shared/cross-premises).
 */
export const getUserAvailabilityOperation: EwsOperation = (request, context) =>
  getUserAvailabilityAcrossPremises(request, {
    store: context.mailboxes,
    access: folderPermissionAccess(context.mailboxes, context.user.mailbox.primarySmtpAddress),
    organization: 'Exchange Online',
    remote: context.remote,
  });
