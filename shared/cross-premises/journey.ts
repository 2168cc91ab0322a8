import type { Logger } from 'pino';
import { decodeCompactJwt } from '../s2s/compact-jwt.ts';
import type { TraceLog } from '../service/trace.ts';
import { freeBusyFlow, type CrossPremisesPath, type HopId, type HopSummary, type TokenSummary } from './hops.ts';

/**
 * One request's journey (hops.ts): numbers the hops, writes each to the service's trace
 * under the user's correlation id and to its log. Tokens are summarized, never logged in
 * full (design §6).
 */
export type HopFields = Omit<HopSummary, 'flow' | 'step' | 'hop' | 'path' | 'target'>;

export class Journey {
  readonly correlationId: string;
  #step = 0;
  #path: CrossPremisesPath | 'none' = 'none';
  readonly #trace: TraceLog;
  readonly #logger: Logger;
  #target = '';

  constructor(options: { readonly correlationId: string; readonly trace: TraceLog; readonly logger: Logger }) {
    this.correlationId = options.correlationId;
    this.#trace = options.trace;
    this.#logger = options.logger;
  }

  /** The mailboxes the next hops serve, and the path they take. */
  serving(target: string, path: CrossPremisesPath | 'none'): void {
    this.#target = target;
    this.#path = path;
  }

  record(hop: HopId, fields: HopFields): void {
    this.#step += 1;
    const summary: HopSummary = { flow: freeBusyFlow, step: this.#step, hop, path: this.#path, target: this.#target, ...fields };
    this.#trace.record(fields.url ? 'outbound' : 'decision', this.correlationId, { ...summary });
    this.#logger[fields.ok ? 'info' : 'warn']({ correlationId: this.correlationId, hop: summary }, `free/busy ${this.#step}. ${fields.title}`);
  }
}

const isoSeconds = (value: unknown): string | undefined => {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined;
};

/** What an S2S JWT says, as a reader in the middle would see it: actor (RS256 from the STS) or outer (alg none). */
export function summarizeJwt(token: string, type: 'actor' | 'outer'): TokenSummary {
  const decoded = decodeCompactJwt(token);
  if (!decoded) return { type, form: 'not a compact JWT' };
  const claims = decoded.claims;
  const actor = typeof claims.actortoken === 'string' ? decodeCompactJwt(claims.actortoken) : undefined;
  const form = type === 'outer' ? `JWT (alg ${String(decoded.header.alg)}) carrying an ${String(actor?.header.alg ?? '?')} actor token from ${String(actor?.claims.iss ?? '?')}` : `JWT (${String(decoded.header.alg)}, x5t ${String(decoded.header.x5t ?? '?')})`;
  const user = typeof claims.smtp === 'string' ? claims.smtp : undefined;
  return { type, issuer: String(claims.iss ?? ''), audience: String(claims.aud ?? ''), expires: isoSeconds(claims.exp), ...(user ? { user } : {}), form };
}
