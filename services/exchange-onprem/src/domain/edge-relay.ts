import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether the edge relayed a request (design §1: it publishes mail.contoso.test and
 * autodiscover.contoso.test to the internet). Everything it publishes arrives from its
 * corp address over its own pooled connections, with its `Via` and `X-Forwarded-For`.
 */
export interface ArrivedRequest {
  readonly socket: { readonly remoteAddress?: string | undefined };
  readonly headers: IncomingHttpHeaders;
}

export function relayedByEdge(request: ArrivedRequest, edgeAddress: string): boolean {
  return request.socket.remoteAddress === edgeAddress || request.headers.via !== undefined || request.headers['x-forwarded-for'] !== undefined;
}
