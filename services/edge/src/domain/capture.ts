import type { IncomingHttpHeaders } from 'node:http';
import { canonicalPath } from '../../../../shared/http/canonical-path.ts';
import type { Decision } from './rules.ts';
import { inspectCredentials, type ReadableByMitm } from './inspect.ts';

/**
 * The edge's opt-in capture of what it bridges (design §5, "inspect with logging";
 * seed 003: what a man-in-the-middle at the firewall can read). The edge terminates
 * TLS for published names, so it sees each request in clear: this keeps the last
 * `capacity` of them, with their headers (Authorization included — that is the point)
 * and the first `bodyLimitBytes` of their bodies, and what of the credentials is readable.
 */
export interface CaptureSettings {
  readonly enabled: boolean;
  /** Path prefixes to capture (compared decoded and case-insensitively, as rules are); empty: every published path. */
  readonly pathPrefixes: readonly string[];
}

export const captureOff: CaptureSettings = { enabled: false, pathPrefixes: [] };

/** Default bounds: 100 entries of at most 64 KiB of body and 16 KiB per header value (Node's whole header limit) ≈ 8 MiB. */
export const captureDefaults = { capacity: 100, bodyLimitBytes: 64 * 1024, headerValueLimitBytes: 16 * 1024 } as const;

export interface CaptureLimits {
  readonly capacity?: number;
  readonly bodyLimitBytes?: number;
  readonly headerValueLimitBytes?: number;
}

export interface CapturedBody {
  /** Bytes that crossed the edge, all of them, also past the cap. */
  readonly bytes: number;
  /** Whether `text` stops before the body did. */
  readonly truncated: boolean;
  /** False when the client went away before the body ended. */
  readonly complete: boolean;
  /** utf8 for textual content types (XML, JSON, forms, text), base64 otherwise (ActiveSync's WBXML). */
  readonly encoding: 'utf8' | 'base64';
  readonly text: string;
}

/** Where the request came from and what the rule set made of it. */
export interface CaptureMeta {
  readonly correlationId: string;
  readonly source: string;
  /** The edge leg it arrived on (internet in the lab's design). */
  readonly arrivedOn: string;
  readonly host: string;
  readonly method: string;
  /** The path as sent, without the query. */
  readonly path: string;
  readonly query: string;
  readonly decision: Decision;
}

export interface CaptureEntry extends CaptureMeta {
  readonly at: string;
  readonly headers: Record<string, string | string[]>;
  /** Null when no body was sent (GET, HEAD) or the edge denied the request before reading it. */
  readonly body: CapturedBody | null;
  readonly readable: ReadableByMitm;
}

export interface CaptureFilter {
  readonly correlationId?: string;
}

function capped(value: string, limit: number): string {
  const bytes = Buffer.byteLength(value, 'utf8');
  return bytes <= limit ? value : `${Buffer.from(value, 'utf8').subarray(0, limit).toString('utf8')}…[${bytes - limit} more bytes not kept]`;
}

function cappedHeaders(headers: IncomingHttpHeaders, limit: number): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.map((entry) => capped(entry, limit)) : capped(value, limit);
  }
  return out;
}

export class EdgeCapture {
  readonly settings: CaptureSettings;
  readonly capacity: number;
  readonly bodyLimitBytes: number;
  readonly headerValueLimitBytes: number;
  readonly #entries: CaptureEntry[] = [];
  readonly #now: () => Date;

  constructor(settings: CaptureSettings, options: CaptureLimits & { now?: () => Date } = {}) {
    this.settings = settings;
    this.capacity = options.capacity ?? captureDefaults.capacity;
    this.bodyLimitBytes = options.bodyLimitBytes ?? captureDefaults.bodyLimitBytes;
    this.headerValueLimitBytes = options.headerValueLimitBytes ?? captureDefaults.headerValueLimitBytes;
    this.#now = options.now ?? (() => new Date());
  }

  /** Whether a request for `path` is captured: never when off; else every path, or those under a listed prefix. */
  wants(path: string): boolean {
    if (!this.settings.enabled) return false;
    if (this.settings.pathPrefixes.length === 0) return true;
    const decoded = canonicalPath(path)?.toLowerCase() ?? path.toLowerCase();
    return this.settings.pathPrefixes.some((prefix) => decoded.startsWith(prefix.toLowerCase()));
  }

  /** Keeps one request; the oldest goes when the ring is full. Inspection reads the full header values, storage the capped ones. */
  record(meta: CaptureMeta, headers: IncomingHttpHeaders, body: CapturedBody | null): void {
    const authorization = typeof headers.authorization === 'string' ? headers.authorization : undefined;
    const readable = inspectCredentials({ authorization, body: body?.encoding === 'utf8' ? body.text : undefined, bodyTruncated: body?.truncated ?? false });
    this.#entries.push({ at: this.#now().toISOString(), ...meta, headers: cappedHeaders(headers, this.headerValueLimitBytes), body, readable });
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  /** The kept requests, oldest first, optionally of one correlation id. */
  entries(filter: CaptureFilter = {}): readonly CaptureEntry[] {
    return this.#entries.filter((entry) => filter.correlationId === undefined || entry.correlationId === filter.correlationId);
  }
}
