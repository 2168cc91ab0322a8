/**
 * The folders of a lab mailbox as EWS shows them. The mailbox store models an Inbox
 * and a Calendar, so those two and their parent, the top of the information store
 * (`msgfolderroot`), exist; every other distinguished folder the EWS schema names is
 * valid to ask for and answered ErrorFolderNotFound.
 */
export type LabFolderName = 'msgfolderroot' | 'inbox' | 'calendar';

export interface LabFolder {
  readonly name: LabFolderName;
  readonly displayName: string;
  readonly folderClass: string;
  /** The EWS element: t:Folder or t:CalendarFolder. */
  readonly element: 'Folder' | 'CalendarFolder';
  readonly parent: LabFolderName | undefined;
}

export const labFolders: Readonly<Record<LabFolderName, LabFolder>> = {
  msgfolderroot: { name: 'msgfolderroot', displayName: 'Top of Information Store', folderClass: 'IPF.Note', element: 'Folder', parent: undefined },
  inbox: { name: 'inbox', displayName: 'Inbox', folderClass: 'IPF.Note', element: 'Folder', parent: 'msgfolderroot' },
  calendar: { name: 'calendar', displayName: 'Calendar', folderClass: 'IPF.Appointment', element: 'CalendarFolder', parent: 'msgfolderroot' },
};

export function isLabFolderName(value: string): value is LabFolderName {
  return Object.hasOwn(labFolders, value);
}

export function childFolders(name: LabFolderName): LabFolder[] {
  return Object.values(labFolders).filter((folder) => folder.parent === name);
}

/** DistinguishedFolderIdNameType of the EWS schema (types.xsd); anything else fails schema validation. */
export const distinguishedFolderNames: ReadonlySet<string> = new Set([
  'calendar', 'contacts', 'deleteditems', 'drafts', 'inbox', 'journal', 'notes', 'outbox', 'sentitems', 'tasks', 'msgfolderroot',
  'publicfoldersroot', 'root', 'junkemail', 'searchfolders', 'voicemail', 'recoverableitemsroot', 'recoverableitemsdeletions',
  'recoverableitemsversions', 'recoverableitemspurges', 'archiveroot', 'archivemsgfolderroot', 'archivedeleteditems', 'archiveinbox',
  'archiverecoverableitemsroot', 'archiverecoverableitemsdeletions', 'archiverecoverableitemsversions', 'archiverecoverableitemspurges',
  'syncissues', 'conflicts', 'localfailures', 'serverfailures', 'recipientcache', 'quickcontacts', 'conversationhistory',
  'adminauditlogs', 'todosearch', 'mycontacts', 'directory', 'imcontactlist', 'peopleconnect', 'favorites',
]);
