import type { Element } from '@xmldom/xmldom';
import type { MailboxStore } from '../../../../../shared/mailbox/index.ts';
import { childElements } from '../../../../../shared/xml/dom.ts';
import type { ClientUser } from '../client-access/client-user.ts';
import { ewsFault } from '../../../../../shared/ews/ews-fault.ts';
import { decodeId } from './ews-ids.ts';
import { distinguishedFolderNames, isLabFolderName, labFolders, type LabFolder } from './folders.ts';
import { ewsNs } from '../../../../../shared/ews/namespaces.ts';
import type { ResponseError } from '../../../../../shared/ews/response-messages.ts';

/**
 * The folders a GetFolder (`m:FolderIds`) or FindItem (`m:ParentFolderIds`) names, one
 * answer per id in order: the folder, or the ResponseCode EWS gives for it —
 * ErrorFolderNotFound (a distinguished folder the lab's mailbox does not have),
 * ErrorInvalidIdMalformed (an id this Exchange never made), ErrorNonExistentMailbox
 * and ErrorAccessDenied (another user's mailbox). A name outside the schema, or an
 * element that is no folder id, fails the whole request (ErrorSchemaValidation).
 */
export type FolderTarget = { readonly folder: LabFolder } | { readonly error: ResponseError };

const folderNotFound = (what: string): FolderTarget => ({ error: { code: 'ErrorFolderNotFound', text: `The specified folder could not be found in the store (${what}).` } });
const accessDenied: FolderTarget = { error: { code: 'ErrorAccessDenied', text: 'Access is denied. Check credentials and try again.' } };

function otherMailbox(store: MailboxStore, user: ClientUser, address: string): FolderTarget | undefined {
  if (address.toLowerCase() === user.mailbox.primarySmtpAddress.toLowerCase()) return undefined;
  if (!store.mailbox(address)) return { error: { code: 'ErrorNonExistentMailbox', text: `No mailbox with such guid or SMTP address exists: ${address.slice(0, 256)}.` } };
  return accessDenied;
}

function distinguished(element: Element, store: MailboxStore, user: ClientUser): FolderTarget {
  const name = element.getAttribute('Id') ?? '';
  if (!distinguishedFolderNames.has(name)) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: '${name.slice(0, 60)}' is not a DistinguishedFolderIdNameType value.`);
  const address = childElements(element, ewsNs.types, 'Mailbox').flatMap((mailbox) => childElements(mailbox, ewsNs.types, 'EmailAddress'))[0]?.textContent?.trim();
  const elsewhere = address ? otherMailbox(store, user, address) : undefined;
  if (elsewhere) return elsewhere;
  return isLabFolderName(name) ? { folder: labFolders[name] } : folderNotFound(`the lab's mailbox has no ${name} folder`);
}

function byId(element: Element, store: MailboxStore, user: ClientUser): FolderTarget {
  const decoded = decodeId(element.getAttribute('Id') ?? '');
  if (!decoded || decoded.kind !== 'folder') return { error: { code: 'ErrorInvalidIdMalformed', text: 'Id is malformed.' } };
  return otherMailbox(store, user, decoded.mailbox) ?? { folder: labFolders[decoded.folder] };
}

export function folderTargets(container: Element | undefined, store: MailboxStore, user: ClientUser, what: string): FolderTarget[] {
  const ids = container ? childElements(container) : [];
  if (ids.length === 0) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: ${what} names no folder.`);
  return ids.map((element) => {
    if (element.namespaceURI === ewsNs.types && element.localName === 'DistinguishedFolderId') return distinguished(element, store, user);
    if (element.namespaceURI === ewsNs.types && element.localName === 'FolderId') return byId(element, store, user);
    throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: ${element.localName} is not a folder id.`);
  });
}
