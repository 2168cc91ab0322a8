import { escapeXml } from '../xml/escape.ts';
import type { LabError } from './lab-error.ts';

/**
 * Renders a LabError in a protocol's own wire format. Each service picks a default
 * format and routes may pick another (an OAuth endpoint answers OAuth JSON, a SOAP
 * endpoint a SOAP fault).
 */
export type ErrorFormat = 'json' | 'oauth' | 'soap11' | 'soap12' | 'text';

export interface RenderedError {
  readonly contentType: string;
  readonly body: string;
}

export interface ErrorContext {
  readonly correlationId: string;
  /** Shown instead of the message when the error may not be exposed. */
  readonly errorId: string;
  readonly service: string;
}

/** The message a client may see: the real one when exposed, else a pointer to the log. */
function publicMessage(error: LabError, context: ErrorContext): string {
  const hop = error.hop ? ` (hop: ${error.hop})` : '';
  if (error.expose) return `${error.message}${hop}`;
  return `internal error in ${context.service}; see its log for error id ${context.errorId}${hop}`;
}

/** OAuth 2.0 error codes by status when the error carries none (RFC 6749 §5.2). */
function oauthCode(error: LabError): string {
  if (error.wireCode) return error.wireCode;
  if (error.statusCode === 401) return 'invalid_client';
  if (error.statusCode >= 500) return 'temporarily_unavailable';
  return 'invalid_request';
}

const renderers: Record<ErrorFormat, (error: LabError, context: ErrorContext) => RenderedError> = {
  json: (error, context) => ({
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({
      error: error.code,
      message: publicMessage(error, context),
      hop: error.hop,
      service: context.service,
      correlationId: context.correlationId,
      errorId: error.expose ? undefined : context.errorId,
    }),
  }),
  oauth: (error, context) => ({
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({
      error: oauthCode(error),
      error_description: `${error.code}: ${publicMessage(error, context)}`,
      error_codes: [error.statusCode],
      timestamp: new Date().toISOString(),
      correlation_id: context.correlationId,
    }),
  }),
  // SOAP 1.1 §4.4: faultcode is a QName; Server for our faults, Client for the caller's.
  soap11: (error, context) => ({
    contentType: 'text/xml; charset=utf-8',
    body:
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>' +
      `<faultcode>${error.statusCode >= 500 ? 's:Server' : 's:Client'}</faultcode>` +
      `<faultstring xml:lang="en-US">${escapeXml(publicMessage(error, context))}</faultstring>` +
      `<detail><LabErrorCode>${escapeXml(error.code)}</LabErrorCode><CorrelationId>${escapeXml(context.correlationId)}</CorrelationId></detail>` +
      '</s:Fault></s:Body></s:Envelope>',
  }),
  // SOAP 1.2 Part 1 §5.4: Code/Value is Sender or Receiver, with an optional protocol Subcode.
  soap12: (error, context) => ({
    contentType: 'application/soap+xml; charset=utf-8',
    body:
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault>' +
      `<s:Code><s:Value>${error.statusCode >= 500 ? 's:Receiver' : 's:Sender'}</s:Value>` +
      (error.wireCode ? `<s:Subcode><s:Value>${escapeXml(error.wireCode)}</s:Value></s:Subcode>` : '') +
      '</s:Code>' +
      `<s:Reason><s:Text xml:lang="en-US">${escapeXml(publicMessage(error, context))}</s:Text></s:Reason>` +
      `<s:Detail><LabErrorCode>${escapeXml(error.code)}</LabErrorCode><CorrelationId>${escapeXml(context.correlationId)}</CorrelationId></s:Detail>` +
      '</s:Fault></s:Body></s:Envelope>',
  }),
  text: (error, context) => ({
    contentType: 'text/plain; charset=utf-8',
    body: `${error.statusCode} ${error.code}: ${publicMessage(error, context)}\ncorrelation id: ${context.correlationId}\n`,
  }),
};

export function renderError(format: ErrorFormat, error: LabError, context: ErrorContext): RenderedError {
  return renderers[format](error, context);
}
