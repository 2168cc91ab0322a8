import { isLabFolderName, type LabFolderName } from './folders.ts';

/**
 * EWS FolderId and ItemId values: opaque base64 to the client (as Exchange's are), and
 * to the lab a versioned string naming the mailbox and the folder or message. Access is
 * decided by who is signed in, never by the id: an id naming another mailbox is refused.
 */
export type DecodedId =
  | { readonly kind: 'folder'; readonly mailbox: string; readonly folder: LabFolderName }
  | { readonly kind: 'item'; readonly mailbox: string; readonly folder: 'inbox'; readonly id: number };

const prefix = 'hybrid-lab:ews:v1';
/** The ChangeKey of every lab folder and item: the store keeps no versions, so it never changes. */
export const changeKey = Buffer.from(`${prefix}:ck0`).toString('base64');

export function folderId(mailbox: string, folder: LabFolderName): string {
  return Buffer.from(`${prefix}:folder:${mailbox.toLowerCase()}:${folder}`).toString('base64');
}

export function itemId(mailbox: string, id: number): string {
  return Buffer.from(`${prefix}:item:${mailbox.toLowerCase()}:inbox:${id}`).toString('base64');
}

/** The mailbox and folder or message an id names, or undefined for an id this Exchange never made (ErrorInvalidIdMalformed). */
export function decodeId(value: string): DecodedId | undefined {
  if (value.length > 1024 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  const folder = /^hybrid-lab:ews:v1:folder:([^:\s]+@[^:\s]+):([a-z]+)$/.exec(text);
  if (folder && isLabFolderName(folder[2]!)) return { kind: 'folder', mailbox: folder[1]!, folder: folder[2] };
  const item = /^hybrid-lab:ews:v1:item:([^:\s]+@[^:\s]+):inbox:([1-9][0-9]{0,15})$/.exec(text);
  if (item) return { kind: 'item', mailbox: item[1]!, folder: 'inbox', id: Number(item[2]) };
  return undefined;
}
