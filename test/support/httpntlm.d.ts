/**
 * The part of httpntlm (SamDecrock/node-http-ntlm, MIT) the F5 test uses: one GET that
 * runs Type 1 → Type 2 → Type 3 on the keep-alive agent it is given.
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
    timeout?: number;
  }

  export interface NtlmResponse {
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }

  export function get(options: NtlmRequestOptions, callback: (error: Error | null, response: NtlmResponse) => void): void;
}
