/**
 * A bounded ring of recent trace events per service, shown read-only at `/_lab/state`
 * so the console and tests can replay a flow hop by hop (design §6).
 */
export interface TraceEvent {
  readonly at: string;
  readonly correlationId: string;
  readonly kind: 'request' | 'outbound' | 'decision';
  readonly summary: Record<string, unknown>;
}

export class TraceLog {
  readonly #events: TraceEvent[] = [];
  readonly #capacity: number;

  constructor(capacity = 200) {
    this.#capacity = capacity;
  }

  record(kind: TraceEvent['kind'], correlationId: string, summary: Record<string, unknown>): void {
    this.#events.push({ at: new Date().toISOString(), correlationId, kind, summary });
    if (this.#events.length > this.#capacity) this.#events.shift();
  }

  recent(): readonly TraceEvent[] {
    return [...this.#events];
  }
}
