import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * A real HTTP/1.1 client for the NTLM handshake, which `inject` cannot run (it makes a
 * new fake socket per request): each `connection()` is a keep-alive agent with one
 * socket, so every request made through it travels on the same TCP connection, as a
 * browser or an EWS client keeps it for NTLM. AD FS's and Exchange on-premises' unit
 * tests both use it.
 */
export interface HttpAnswer {
  readonly status: number;
  readonly wwwAuthenticate: string[];
  readonly body: string;
  /** The local port of the socket that carried it: equal ports, same connection. */
  readonly localPort: number;
}

export const chromeUserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** Listens on a free loopback port and returns it. */
export async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

export function connection(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export function httpRequest(agent: Agent, port: number, call: HttpCall): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method: call.method, path: call.path, agent, headers: call.headers ?? {} }, (response) => {
      let body = '';
      const localPort = response.socket.localPort ?? 0;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        const challenges: string[] = [];
        for (let index = 0; index < response.rawHeaders.length; index += 2) if (response.rawHeaders[index]!.toLowerCase() === 'www-authenticate') challenges.push(response.rawHeaders[index + 1]!);
        resolve({ status: response.statusCode ?? 0, wwwAuthenticate: challenges, body, localPort });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}

/** A GET as Chromium sends it (AD FS offers Windows sign-in by User-Agent). */
export function httpGet(agent: Agent, port: number, path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return httpRequest(agent, port, { method: 'GET', path, headers: { 'user-agent': chromeUserAgent, ...headers } });
}

/** The token of a `WWW-Authenticate: <scheme> <base64>` answer. */
export function tokenOf(answer: HttpAnswer, scheme: string): Buffer {
  const header = answer.wwwAuthenticate.find((value) => value.startsWith(`${scheme} `));
  if (!header) throw new Error(`no ${scheme} token in ${JSON.stringify(answer.wwwAuthenticate)}: ${answer.body.slice(0, 300)}`);
  return Buffer.from(header.slice(scheme.length + 1), 'base64');
}
