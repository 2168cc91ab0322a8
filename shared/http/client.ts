import { randomUUID } from 'node:crypto';
import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { labConnector, describeConnectError, type ClientTls } from './connector.ts';
import type { Vantage } from './route.ts';

/**
 * The one HTTP client every lab service uses for outbound calls: HTTPS only, the lab
 * CA as the only trust anchor, host names verified, the caller's DNS view and
 * routing, the forward proxy for corp, a `client-request-id` on every call, and a
 * log line per call.
 */
export interface LabRequest {
  readonly method?: Dispatcher.HttpMethod;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Propagated as `client-request-id`; a new one is made when absent. */
  readonly correlationId?: string;
  readonly timeoutMs?: number;
}

export interface LabResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly correlationId: string;
}

export interface LabHttpClient {
  request(url: string, init?: LabRequest): Promise<LabResponse>;
  /** The undici dispatcher, for callers that stream (the edge). */
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

export interface LabHttpClientOptions {
  readonly vantage: Vantage;
  readonly tls: ClientTls;
  readonly logger: Logger;
}

const maxResponseBytes = 8 * 1024 * 1024;

export function createLabHttpClient(options: LabHttpClientOptions): LabHttpClient {
  const { vantage, logger } = options;
  const dispatcher = new Agent({ connect: labConnector(vantage, options.tls), connections: 16 });

  async function send(url: string, init: LabRequest = {}): Promise<LabResponse> {
    const correlationId = init.correlationId ?? randomUUID();
    const method = init.method ?? 'GET';
    const started = performance.now();
    const target = new URL(url);
    try {
      const response = await request(url, {
        method,
        dispatcher,
        headers: { 'client-request-id': correlationId, 'user-agent': `hybrid-lab/${vantage.from}`, ...init.headers },
        body: init.body,
        headersTimeout: init.timeoutMs ?? 15_000,
        bodyTimeout: init.timeoutMs ?? 15_000,
      });
      const body = await readCapped(response.body);
      logger.info({ out: { method, url: `${target.origin}${target.pathname}`, status: response.statusCode, ms: Math.round(performance.now() - started) }, correlationId }, 'outbound call');
      return { status: response.statusCode, headers: response.headers, body, correlationId };
    } catch (error) {
      const described = describeConnectError(error instanceof Error && error.cause ? error.cause : error, vantage, target.hostname);
      logger.warn({ out: { method, url: `${target.origin}${target.pathname}`, error: described.code, reason: described.message }, correlationId }, 'outbound call failed');
      throw described;
    }
  }

  return { request: send, dispatcher, close: () => dispatcher.close() };
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxResponseBytes) {
      body.destroy();
      throw new Error(`response larger than ${maxResponseBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
