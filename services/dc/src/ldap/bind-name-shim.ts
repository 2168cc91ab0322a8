import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { isValidDn } from '../domain/dn.ts';
import type { BindRequest, LdapServer } from './ldapjs.ts';

/**
 * ldapjs 3 parses every bind name as a DN before any handler runs, so it would
 * refuse `CONTOSO\mary` and `mary@contoso.test` with invalidDNSyntax; AD takes both.
 * This listener runs first on each connection's message stream: it keeps the name
 * as sent, gives ldapjs an empty DN to route by, and tells the caller a bind began.
 */
const bindRequestOp = 0x60;
const namesAsSent = new WeakMap<object, string>();

interface ParsedMessage {
  readonly protocolOp: number;
  readonly name?: unknown;
}

/** The bind name exactly as the client sent it. */
export function bindNameOf(request: BindRequest): string {
  return namesAsSent.get(request) ?? String(request.name ?? '');
}

export function acceptAdBindNames(server: LdapServer, onBindRequest: (socket: Socket) => void): (socket: Socket) => void {
  return (socket) => {
    server.newConnection(socket);
    const parser = (socket as Socket & { parser: EventEmitter }).parser;
    parser.prependListener('message', (message: ParsedMessage) => {
      if (message.protocolOp !== bindRequestOp) return;
      onBindRequest(socket);
      const name = String(message.name ?? '');
      namesAsSent.set(message, name);
      if (!isValidDn(name)) {
        Object.defineProperty(message, 'name', { value: '' });
        Object.defineProperty(message, '_dn', { value: '' });
      }
    });
  };
}
