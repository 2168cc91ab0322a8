import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

/**
 * The part of ldapjs 3 the dc uses, typed. @types/ldapjs describes ldapjs 2's
 * message objects; ldapjs 3 uses @ldapjs/messages, whose shapes are declared here
 * once, at the one place the untyped module is loaded.
 */
export interface LdapDn {
  toString(): string;
  parent(): LdapDn | undefined;
}

export interface LdapControl {
  readonly type: string;
  readonly criticality: boolean;
  readonly value?: unknown;
}

export interface PagedResultsValue {
  readonly size: number;
  readonly cookie: Buffer;
}

/** An ldapjs filter node (@ldapjs/filter); `type` names its kind, e.g. `EqualityFilter`. */
export interface LdapFilter {
  readonly type: string;
  readonly attribute?: string;
  readonly value?: unknown;
  readonly clauses?: readonly LdapFilter[];
  readonly filter?: LdapFilter;
  readonly subInitial?: string | null;
  readonly subAny?: readonly string[];
  readonly subFinal?: string | null;
  readonly matchingRule?: string;
  toString(): string;
  toBer(): { readonly buffer: Buffer };
}

export interface LdapRequest {
  readonly messageId: number;
  readonly connection: Socket;
  readonly controls: readonly LdapControl[];
}

export interface BindRequest extends LdapRequest {
  readonly name: string | LdapDn;
  readonly credentials: string;
}

export interface SearchRequest extends LdapRequest {
  readonly baseObject: LdapDn;
  /** 0 base, 1 one level, 2 subtree (RFC 4511 §4.5.1.2). */
  readonly scope: number;
  readonly filter: LdapFilter;
  readonly attributes: readonly string[];
  readonly sizeLimit: number;
  readonly typesOnly: boolean;
}

export interface LdapChange {
  readonly operation: 'add' | 'delete' | 'replace';
  readonly modification: { readonly type: string; readonly values: readonly string[]; readonly buffers: readonly Buffer[] };
}

export interface ModifyRequest extends LdapRequest {
  readonly object: string | LdapDn;
  readonly changes: readonly LdapChange[];
}

export interface LdapResponse {
  diagnosticMessage: string;
  matchedDN: string;
  end(status?: number): void;
  addControl(control: LdapControl): void;
}

/** The response to an extended operation (RFC 4511 §4.12). */
export interface ExtendedResponse extends LdapResponse {
  responseValue?: string;
}

export interface LdapAttribute {
  readonly type: string;
  readonly values: readonly (string | Buffer)[];
}

export interface SearchResponse extends LdapResponse {
  send(entry: unknown): void;
  createSearchEntry(entry: { objectName: string; attributes: readonly LdapAttribute[] }): unknown;
}

export type LdapHandler<Request, Response = LdapResponse> = (request: Request, response: Response, next: (error?: Error) => void) => void;

export interface LdapServer {
  readonly server: import('node:net').Server;
  listen(port: number, host: string, callback: () => void): void;
  close(callback: (error?: Error) => void): void;
  address(): import('node:net').AddressInfo;
  newConnection(socket: Socket): void;
  on(event: 'error' | 'clientError', listener: (error: Error) => void): void;
  bind(mount: string, ...handlers: LdapHandler<BindRequest>[]): void;
  search(mount: string, ...handlers: LdapHandler<SearchRequest, SearchResponse>[]): void;
  modify(mount: string, ...handlers: LdapHandler<ModifyRequest>[]): void;
  add(mount: string, ...handlers: LdapHandler<LdapRequest>[]): void;
  del(mount: string, ...handlers: LdapHandler<LdapRequest>[]): void;
  modifyDN(mount: string, ...handlers: LdapHandler<LdapRequest>[]): void;
  compare(mount: string, ...handlers: LdapHandler<LdapRequest>[]): void;
  exop(oid: string, ...handlers: LdapHandler<LdapRequest, ExtendedResponse>[]): void;
}

/** What ldapjs logs through; it calls these with printf-style arguments. */
export interface LdapLog {
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface LdapServerOptions {
  readonly log: LdapLog;
  readonly certificate?: string;
  readonly key?: string;
  readonly minVersion?: 'TLSv1.2';
  readonly connectionRouter?: (socket: Socket) => void;
}

interface Ldapjs {
  createServer(options: LdapServerOptions): LdapServer;
  parseDN(dn: string): LdapDn;
  /** Parses RFC 4515 text; it keeps `\xx` escapes as text, unlike filters read from the wire. */
  parseFilter(filter: string): LdapFilter;
  EqualityFilter: new (options: { attribute: string; raw: Buffer }) => LdapFilter;
  PagedResultsControl: { readonly OID: string; new (options: { criticality: boolean; value: PagedResultsValue }): LdapControl };
}

const require = createRequire(import.meta.url);
export const ldapjs: Ldapjs = require('ldapjs');
