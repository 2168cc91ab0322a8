import type { Element } from '@xmldom/xmldom';
import type { AccessPolicy } from '../ews/availability/access.ts';
import { getUserAvailability } from '../ews/availability/get-user-availability.ts';
import { ewsFault } from '../ews/ews-fault.ts';
import type { MailboxStore } from '../mailbox/index.ts';

/**
 * What a partner organization may ask over S2S OAuth or DAuth: GetUserAvailability only
 * (server-flows §1.6, §2.6), with the access policy the authentication decided — the
 * requesting user's own folder permissions (OAuth) or the OrganizationRelationship's
 * level capped by Default (DAuth).
 */
export interface PartnerEwsContext {
  readonly mailboxes: MailboxStore;
  readonly access: AccessPolicy;
  readonly organization: string;
}

export function partnerEwsOperation(operation: Element, context: PartnerEwsContext): string {
  if (operation.localName !== 'GetUserAvailabilityRequest') {
    throw ewsFault('ErrorInvalidRequest', `A partner organization may call GetUserAvailabilityRequest only; ${String(operation.localName).slice(0, 60)} is not available to it.`);
  }
  return getUserAvailability(operation, { store: context.mailboxes, access: context.access, organization: context.organization });
}
