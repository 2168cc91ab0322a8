import { childrenNamed, textOf, wbxml, type WbxmlElement } from '../../../../../shared/wbxml/index.ts';

/**
 * FolderSync ([MS-ASCMD] §2.2.1.5): the folder hierarchy of the mailbox. The lab's
 * mailbox has an Inbox (Type 2) and a Calendar (Type 8) under the root (ParentId 0),
 * and the hierarchy never changes, so the sync state is the hierarchy's version: SyncKey
 * 0 gets every folder and key 1; key 1 gets no changes; any other key is Status 9
 * (invalid synchronization key: the client starts over with 0). A request that is not
 * FolderSync with a SyncKey is Status 10 (incorrectly formatted request).
 */
const ns = 'FolderHierarchy';
const fh = (name: string, ...children: (WbxmlElement | string | number)[]): WbxmlElement => wbxml(ns, name, ...children);

export const folderSyncStatus = { success: 1, invalidSyncKey: 9, badRequest: 10 } as const;

/** The version of the hierarchy, and so the only current SyncKey. */
export const hierarchySyncKey = '1';

/** [MS-ASCMD] §2.2.3.186.3 FolderSync Type: 2 default Inbox, 8 default Calendar. */
export const activeSyncFolders = [
  { serverId: '1', parentId: '0', displayName: 'Inbox', type: 2 },
  { serverId: '2', parentId: '0', displayName: 'Calendar', type: 8 },
] as const;

function statusOnly(status: number): WbxmlElement {
  return fh('FolderSync', fh('Status', status));
}

export function folderSync(request: WbxmlElement): WbxmlElement {
  const syncKeys = request.namespace === ns && request.name === 'FolderSync' ? childrenNamed(request, 'SyncKey') : [];
  if (syncKeys.length !== 1) return statusOnly(folderSyncStatus.badRequest);
  const syncKey = textOf(syncKeys[0]!);
  if (syncKey !== '0' && syncKey !== hierarchySyncKey) return statusOnly(folderSyncStatus.invalidSyncKey);
  const added = syncKey === '0' ? activeSyncFolders.map((folder) => fh('Add', fh('ServerId', folder.serverId), fh('ParentId', folder.parentId), fh('DisplayName', folder.displayName), fh('Type', folder.type))) : [];
  return fh('FolderSync', fh('Status', folderSyncStatus.success), fh('SyncKey', hierarchySyncKey), fh('Changes', fh('Count', added.length), ...added));
}
