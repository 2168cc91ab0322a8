import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { EdgeCapture } from '../../domain/capture.ts';

/**
 * GET /_lab/capture[?correlationId=…]: what the edge captured of the requests it
 * published (LAB_EDGE_CAPTURE), read-only, newest last. Unlike /_lab/state it holds
 * credentials in clear (Basic passwords, bearer tokens), so only the corporate network,
 * where a firewall's administrators sit, may read it: from the internet the edge would
 * itself become the leak the capture is there to show.
 */
export interface CaptureRouteOptions {
  /** The edge leg a request arrived on ('corp', 'internet', …; 'unknown' off the lab's networks). */
  readonly arrivedOn: (request: FastifyRequest) => string;
}

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { correlationId: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

function corporateNetworkOnly(request: FastifyRequest, arrivedOn: string): void {
  if (arrivedOn === 'corp') return;
  throw new LabError({ code: 'EDGE_CAPTURE_CORP_ONLY', statusCode: 403, message: `the edge shows its capture only on its corp leg; this request arrived on ${arrivedOn}`, hop: `${arrivedOn} → edge` });
}

export function registerCaptureRoute(app: FastifyInstance, capture: EdgeCapture, options: CaptureRouteOptions): void {
  app.get<{ Querystring: { correlationId?: string } }>('/_lab/capture', { schema: { querystring: querySchema }, config: { errorFormat: 'json' } }, async (request) => {
    corporateNetworkOnly(request, options.arrivedOn(request));
    return {
      enabled: capture.settings.enabled,
      pathPrefixes: capture.settings.pathPrefixes,
      limits: { entries: capture.capacity, bodyBytes: capture.bodyLimitBytes, headerValueBytes: capture.headerValueLimitBytes },
      entries: capture.entries({ correlationId: request.query.correlationId }),
    };
  });
}
