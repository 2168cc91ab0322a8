import type { SQLOutputValue } from 'node:sqlite';
import { LabError } from '../errors/lab-error.ts';
import type { Database } from '../store/database.ts';
import type { Mailbox } from './types.ts';

type Row = Record<string, SQLOutputValue>;

const columns = 'id, primary_smtp, display_name, location';

function toMailbox(row: Row): Mailbox {
  return { primarySmtpAddress: String(row.primary_smtp), displayName: String(row.display_name), location: row.location === 'onprem' ? 'onprem' : 'cloud' };
}

function rowOf(database: Database, address: string): Row | undefined {
  return database.prepare(`SELECT ${columns} FROM mailboxes WHERE primary_smtp = ?`).get(address.trim());
}

/** The mailbox whose primary SMTP address is `address` (any case), if there is one. */
export function findMailbox(database: Database, address: string): Mailbox | undefined {
  const row = rowOf(database, address);
  return row && toMailbox(row);
}

/** Every mailbox in the store, by address. */
export function listMailboxes(database: Database): Mailbox[] {
  return database.prepare(`SELECT ${columns} FROM mailboxes ORDER BY primary_smtp`).all().map(toMailbox);
}

/** The row id of `address`'s mailbox; a missing mailbox is a 404 `MAILBOX_NOT_FOUND`. */
export function mailboxIdOf(database: Database, address: string): number {
  const row = rowOf(database, address);
  if (!row) throw new LabError({ code: 'MAILBOX_NOT_FOUND', statusCode: 404, message: `there is no mailbox for ${address}` });
  return Number(row.id);
}
