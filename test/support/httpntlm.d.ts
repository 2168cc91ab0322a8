/**
 * The part of httpntlm (SamDecrock/node-http-ntlm, MIT) the lab's tests use: a GET (F5,
 * AD FS) or a POST (EWS and Autodiscover on Exchange on-premises) that runs Type 1 →
 * Type 2 → Type 3 on the keep-alive agent it is given. A POST's body goes with Type 3 only.
 */
declare module 'httpntlm' {
  import type { Agent } from 'node:https';

  export interface NtlmRequestOptions {
    url: string;
    username: string;
    password: string;
    domain?: string;
    workstation?: string;
    /** A keep-alive agent: the whole handshake must use one connection. */
    agent?: Agent;
    headers?: Record<string, string>;
    /** Sent with the Type 3 request only (httpntlm sends Type 1 without a body). */
    body?: string;
    timeout?: number;
  }

  export interface NtlmResponse {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }

  export function get(options: NtlmRequestOptions, callback: (error: Error | null, response: NtlmResponse) => void): void;
  export function post(options: NtlmRequestOptions, callback: (error: Error | null, response: NtlmResponse) => void): void;
}
