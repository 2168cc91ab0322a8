/**
 * NTLM over HTTP is connection-oriented ([MS-NTHT] §3.1; server-flows §4): the
 * AUTHENTICATE_MESSAGE must come on the TCP connection that received the CHALLENGE,
 * and answers that challenge only. A server (AD FS, Exchange on-premises) keeps at
 * most one outstanding challenge per connection, keyed by the socket itself (so it
 * goes when the socket goes), and each is taken once: a second AUTHENTICATE on the
 * connection, or one after the lifetime, finds nothing and the handshake starts over.
 */
export interface PendingChallenge {
  readonly serverChallenge: Buffer;
  /** Whether the client wrapped its tokens in SPNEGO; the answer is wrapped the same way. */
  readonly spnego: boolean;
  readonly expiresAtMs: number;
}

export type TakenChallenge = { readonly kind: 'pending'; readonly challenge: PendingChallenge } | { readonly kind: 'expired' } | { readonly kind: 'none' };

export class ConnectionChallenges {
  readonly #pending = new WeakMap<object, PendingChallenge>();

  /** Remembers the challenge sent on this connection, replacing any earlier one. */
  issue(connection: object, challenge: PendingChallenge): void {
    this.#pending.set(connection, challenge);
  }

  /** The connection's challenge, removed so it answers one AUTHENTICATE_MESSAGE at most. */
  take(connection: object, nowMs: number): TakenChallenge {
    const challenge = this.#pending.get(connection);
    if (!challenge) return { kind: 'none' };
    this.#pending.delete(connection);
    return challenge.expiresAtMs > nowMs ? { kind: 'pending', challenge } : { kind: 'expired' };
  }
}
