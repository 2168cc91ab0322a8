import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { LabError } from '../errors/lab-error.ts';
import { describeConnectError } from './connector.ts';
import type { Vantage } from './route.ts';

/**
 * Relaying one HTTP request to a backend and its answer back, as the edge (publishing)
 * and the Web Application Proxy do: the body streams both ways, connection-specific
 * fields stay behind (RFC 9110 §7.6.1), `Via` grows by one hop, and a backend that
 * cannot be reached becomes a 502 naming the hop.
 */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !hopByHop.has(name)) out[name] = value;
  return out;
}

export interface RelayOptions {
  /** The backend URL, path and query included; its host name is the TLS name checked. */
  readonly url: string;
  readonly dispatcher: Dispatcher;
  /** Who relays: added to `Via` (e.g. `edge`, `wap`). */
  readonly via: string;
  /** Headers to add or replace on the way in (X-Forwarded-For, X-MS-Proxy, …). */
  readonly headers: Record<string, string>;
  readonly hop: string;
  readonly vantage: Vantage;
  /** The request body to send on; by default the raw request. The edge's capture passes a tap that copies it on the way. */
  readonly body?: Readable;
}

/** Sends the request on to the backend; a backend that cannot be reached is a 502 naming the hop. */
export async function forward(request: FastifyRequest, options: RelayOptions): Promise<Dispatcher.ResponseData> {
  try {
    return await undiciRequest(options.url, {
      method: request.method as Dispatcher.HttpMethod,
      dispatcher: options.dispatcher,
      headers: { ...forwardable(request.headers), via: `1.1 ${options.via}`, 'client-request-id': request.id, ...options.headers },
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : (options.body ?? request.raw),
    });
  } catch (error) {
    const described = describeConnectError(error instanceof Error && error.cause ? error.cause : error, options.vantage, new URL(options.url).hostname);
    throw new LabError({ code: `UPSTREAM_${described.code}`, statusCode: 502, expose: true, message: described.message, hop: options.hop, cause: error });
  }
}

/** The backend's `Via` with this relay's hop appended (RFC 9110 §7.6.3). */
export function viaAfter(upstream: Dispatcher.ResponseData, by: string): string {
  return [upstream.headers.via, `1.1 ${by}`].flat().filter(Boolean).join(', ');
}

/** Sends the backend's answer on: its status, its end-to-end headers, and `body` (by default its own stream). */
export function sendUpstream(reply: FastifyReply, upstream: Dispatcher.ResponseData, by: string, body: Dispatcher.ResponseData['body'] | Buffer = upstream.body): FastifyReply {
  reply.code(upstream.statusCode).headers(forwardable(upstream.headers)).header('via', viaAfter(upstream, by));
  return reply.send(body);
}

export async function relay(request: FastifyRequest, reply: FastifyReply, options: RelayOptions): Promise<FastifyReply> {
  return sendUpstream(reply, await forward(request, options), options.via);
}
