import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { LabHttpClient, LabRequest, LabResponse } from '../../../../../shared/http/client.ts';
import { credentialFailure, type FailureKind } from './credential-failure.ts';

/**
 * One outbound call of the credential service through the lab client (lab CA only,
 * host names verified). A call that times out is a 503 with Retry-After (client-flows
 * §3); any other failure to get an answer is `whenUnreachable`, naming the hop and the
 * reason the client gave (connection refused, TLS, …).
 */
export interface UpstreamCall {
  readonly http: LabHttpClient;
  readonly url: string;
  readonly init: LabRequest;
  readonly hop: string;
  readonly whenUnreachable: FailureKind;
  readonly retryAfterSeconds: number;
  readonly federated?: boolean;
  readonly stsUrl?: string;
}

const timeoutCodes = new Set(['ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Whether a lab client failure was a timeout: its cause carries the socket's or undici's code. */
export function isTimeout(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (timeoutCodes.has((current as NodeJS.ErrnoException).code ?? '')) return true;
  }
  return false;
}

export async function callUpstream(call: UpstreamCall): Promise<LabResponse> {
  try {
    return await call.http.request(call.url, call.init);
  } catch (error) {
    const timedOut = isTimeout(error);
    const reason = error instanceof LabError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    throw credentialFailure({
      kind: timedOut ? 'unavailable' : call.whenUnreachable,
      code: timedOut ? 'BASIC_UPSTREAM_TIMEOUT' : 'BASIC_UPSTREAM_UNREACHABLE',
      message: timedOut ? `no answer within ${Math.round((call.init.timeoutMs ?? 15_000) / 1000)} s (${reason})` : `no answer (${reason})`,
      hop: call.hop,
      federated: call.federated,
      stsUrl: call.stsUrl,
      retryAfterSeconds: call.retryAfterSeconds,
      cause: error,
    });
  }
}
