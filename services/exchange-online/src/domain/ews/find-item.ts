import type { Element } from '@xmldom/xmldom';
import type { InboxMessage } from '../../../../../shared/mailbox/index.ts';
import { childElements } from '../../../../../shared/xml/dom.ts';
import { ewsFault } from '../../../../../shared/ews/ews-fault.ts';
import { changeKey, folderId, itemId } from './ews-ids.ts';
import { folderTargets } from './folder-targets.ts';
import type { LabFolder } from './folders.ts';
import { ewsNs } from '../../../../../shared/ews/namespaces.ts';
import type { EwsOperation, OperationContext } from './operation.ts';
import { element, errorMessage, operationResponse, successMessage, type ResponseError } from '../../../../../shared/ews/response-messages.ts';
import { baseShape, type BaseShape } from './shapes.ts';

/**
 * `FindItem` ([MS-OXWSSRCH] §3.1.4.2) on the Inbox: its messages newest first, paged by
 * `m:IndexedPageItemView` (MaxEntriesReturned, Offset, BasePoint), in
 * `m:RootFolder` with IndexedPagingOffset, TotalItemsInView and IncludesLastItemInRange.
 * Shallow traversal lists the messages; the lab has no associated or soft-deleted items,
 * so those traversals list none. The top of the store holds no items. What the lab does
 * not implement — restrictions, sorting, grouping, other views, calendar items — is
 * refused by name, never silently ignored (a restriction ignored would return items
 * the client did not ask for).
 */
const traversals: ReadonlySet<string> = new Set(['Shallow', 'SoftDeleted', 'Associated']);
const unsupported = ['Restriction', 'SortOrder', 'GroupBy', 'DistinguishedGroupBy', 'QueryString', 'FractionalPageItemView', 'SeekToConditionPageItemView', 'ContactsView', 'CalendarView'];

interface Page {
  readonly maxEntries: number;
  readonly offset: number;
  readonly fromEnd: boolean;
}

function nonNegativeInteger(view: Element, name: string, fallback: number | undefined): number {
  const raw = view.getAttribute(name);
  if (raw === null || raw === '') {
    if (fallback !== undefined) return fallback;
    throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: IndexedPageItemView needs ${name}.`);
  }
  if (!/^[0-9]{1,9}$/.test(raw)) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: IndexedPageItemView ${name} '${raw.slice(0, 20)}' is not a non-negative integer.`);
  return Number(raw);
}

function pageOf(request: Element): Page {
  for (const name of unsupported) {
    if (childElements(request, ewsNs.messages, name).length > 0) throw ewsFault('ErrorInvalidRequest', `The lab's FindItem does not implement m:${name}; ask without it.`);
  }
  const view = childElements(request, ewsNs.messages, 'IndexedPageItemView')[0];
  if (!view) return { maxEntries: 1000, offset: 0, fromEnd: false };
  const basePoint = view.getAttribute('BasePoint') || 'Beginning';
  if (basePoint !== 'Beginning' && basePoint !== 'End') throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: BasePoint '${basePoint.slice(0, 20)}' is neither Beginning nor End.`);
  const maxEntries = nonNegativeInteger(view, 'MaxEntriesReturned', 1000);
  if (maxEntries === 0) throw ewsFault('ErrorSchemaValidation', 'The request failed schema validation: MaxEntriesReturned must be at least 1.');
  return { maxEntries, offset: nonNegativeInteger(view, 'Offset', undefined), fromEnd: basePoint === 'End' };
}

function mailboxXml(address: string): string {
  return `<t:Mailbox>${element('Name', address)}${element('EmailAddress', address)}${element('RoutingType', 'SMTP')}</t:Mailbox>`;
}

function messageXml(message: InboxMessage, shape: BaseShape, context: OperationContext): string {
  const address = context.user.mailbox.primarySmtpAddress;
  const id = `<t:ItemId Id="${itemId(address, message.id)}" ChangeKey="${changeKey}"/>`;
  if (shape === 'IdOnly') return `<t:Message>${id}</t:Message>`;
  return (
    `<t:Message>${id}<t:ParentFolderId Id="${folderId(address, 'inbox')}" ChangeKey="${changeKey}"/>` +
    element('ItemClass', 'IPM.Note') +
    element('Subject', message.subject) +
    element('DateTimeReceived', message.received.toISOString().replace(/\.\d{3}Z$/, 'Z')) +
    element('DisplayTo', context.user.mailbox.displayName) +
    element('HasAttachments', false) +
    `<t:Sender>${mailboxXml(message.from)}</t:Sender><t:From>${mailboxXml(message.from)}</t:From></t:Message>`
  );
}

function itemsOf(folder: LabFolder, traversal: string, context: OperationContext): InboxMessage[] | ResponseError {
  if (folder.name === 'calendar') return { code: 'ErrorInvalidRequest', text: "The lab's FindItem lists the Inbox; calendar items are not offered through FindItem." };
  if (folder.name !== 'inbox' || traversal !== 'Shallow') return [];
  return context.mailboxes.inbox(context.user.mailbox.primarySmtpAddress);
}

function rootFolder(items: readonly InboxMessage[], page: Page, shape: BaseShape, context: OperationContext): string {
  const total = items.length;
  const start = page.fromEnd ? Math.max(0, total - page.offset - page.maxEntries) : Math.min(page.offset, total);
  const end = page.fromEnd ? Math.max(0, total - page.offset) : Math.min(total, page.offset + page.maxEntries);
  const shown = items.slice(start, end);
  const nextOffset = page.fromEnd ? page.offset + shown.length : end;
  const includesLast = page.fromEnd ? start === 0 : end >= total;
  return (
    `<m:RootFolder IndexedPagingOffset="${nextOffset}" TotalItemsInView="${total}" IncludesLastItemInRange="${includesLast}">` +
    `<t:Items>${shown.map((message) => messageXml(message, shape, context)).join('')}</t:Items></m:RootFolder>`
  );
}

export const findItem: EwsOperation = (request, context) => {
  const traversal = request.getAttribute('Traversal') ?? '';
  if (!traversals.has(traversal)) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: Traversal '${traversal.slice(0, 20)}' is not Shallow, SoftDeleted or Associated.`);
  const shape = baseShape(request, 'ItemShape');
  const page = pageOf(request);
  const targets = folderTargets(childElements(request, ewsNs.messages, 'ParentFolderIds')[0], context.mailboxes, context.user, 'm:ParentFolderIds');
  const messages = targets.map((target) => {
    if ('error' in target) return errorMessage('FindItem', target.error);
    const items = itemsOf(target.folder, traversal, context);
    return Array.isArray(items) ? successMessage('FindItem', rootFolder(items, page, shape, context)) : errorMessage('FindItem', items);
  });
  return operationResponse('FindItem', messages);
};
