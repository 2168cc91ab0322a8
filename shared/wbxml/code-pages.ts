/**
 * ActiveSync's WBXML code pages ([MS-ASWBXML] §2.1.2.1): each page is a namespace, each
 * tag a token 0x05–0x3F. Only the pages the lab speaks are listed; a token from any
 * other page is refused rather than guessed. Page 7 was checked against libwbxml's
 * tables (`xml2wbxml`, Debian libwbxml2-utils) by the tests.
 */
export interface CodePage {
  readonly namespace: string;
  readonly tags: Readonly<Record<number, string>>;
}

export type CodePages = Readonly<Record<number, CodePage>>;

/** Code page 7, FolderHierarchy ([MS-ASWBXML] §2.1.2.1.8). */
const folderHierarchy: CodePage = {
  namespace: 'FolderHierarchy',
  tags: {
    0x05: 'Folders',
    0x06: 'Folder',
    0x07: 'DisplayName',
    0x08: 'ServerId',
    0x09: 'ParentId',
    0x0a: 'Type',
    0x0b: 'Response',
    0x0c: 'Status',
    0x0d: 'ContentClass',
    0x0e: 'Changes',
    0x0f: 'Add',
    0x10: 'Delete',
    0x11: 'Update',
    0x12: 'SyncKey',
    0x13: 'FolderCreate',
    0x14: 'FolderDelete',
    0x15: 'FolderUpdate',
    0x16: 'FolderSync',
    0x17: 'Count',
    0x18: 'Version',
  },
};

export const activeSyncCodePages: CodePages = { 7: folderHierarchy };
