import { childElements } from '../../../../../shared/xml/dom.ts';
import { changeKey, folderId } from './ews-ids.ts';
import { folderTargets } from './folder-targets.ts';
import { childFolders, type LabFolder } from './folders.ts';
import { ewsNs } from '../../../../../shared/ews/namespaces.ts';
import type { EwsOperation, OperationContext } from './operation.ts';
import { element, errorMessage, operationResponse, successMessage } from '../../../../../shared/ews/response-messages.ts';
import { baseShape, type BaseShape } from './shapes.ts';

/**
 * `GetFolder` ([MS-OXWSFOLD] §3.1.4.6): each requested folder as t:Folder or
 * t:CalendarFolder, with the properties of its BaseShape — IdOnly: FolderId; Default:
 * also DisplayName, TotalCount, ChildFolderCount; AllProperties: also ParentFolderId
 * and FolderClass. The lab keeps no read state, so no UnreadCount is claimed; the
 * Calendar's TotalCount is today's items, since the store keeps daily-recurring ones.
 */
function totalCount(folder: LabFolder, context: OperationContext): number {
  const address = context.user.mailbox.primarySmtpAddress;
  if (folder.name === 'inbox') return context.mailboxes.inbox(address).length;
  if (folder.name === 'calendar') return context.mailboxes.calendarFor(address, context.now).length;
  return 0;
}

export function folderXml(folder: LabFolder, shape: BaseShape, context: OperationContext): string {
  const address = context.user.mailbox.primarySmtpAddress;
  const parts = [`<t:FolderId Id="${folderId(address, folder.name)}" ChangeKey="${changeKey}"/>`];
  if (shape === 'AllProperties' && folder.parent) parts.push(`<t:ParentFolderId Id="${folderId(address, folder.parent)}" ChangeKey="${changeKey}"/>`);
  if (shape === 'AllProperties') parts.push(element('FolderClass', folder.folderClass));
  if (shape !== 'IdOnly') parts.push(element('DisplayName', folder.displayName), element('TotalCount', totalCount(folder, context)), element('ChildFolderCount', childFolders(folder.name).length));
  return `<t:${folder.element}>${parts.join('')}</t:${folder.element}>`;
}

export const getFolder: EwsOperation = (request, context) => {
  const shape = baseShape(request, 'FolderShape');
  const targets = folderTargets(childElements(request, ewsNs.messages, 'FolderIds')[0], context.mailboxes, context.user, 'm:FolderIds');
  const messages = targets.map((target) => ('error' in target ? errorMessage('GetFolder', target.error) : successMessage('GetFolder', `<m:Folders>${folderXml(target.folder, shape, context)}</m:Folders>`)));
  return operationResponse('GetFolder', messages);
};

