import { LabError } from '../errors/lab-error.ts';
import { escapeXml } from '../xml/escape.ts';
import { ewsNs } from './namespaces.ts';

/**
 * A request EWS cannot process at all is a SOAP 1.1 fault with HTTP 500, as Exchange
 * sends it: `faultcode` is the EWS ResponseCode as a QName in the types namespace
 * (`a:ErrorSchemaValidation`, `a:ErrorInvalidServerVersion`, …), or SOAP's own
 * `s:VersionMismatch` for a SOAP 1.2 envelope (SOAP 1.1 §4.4.1); `detail` repeats the
 * ResponseCode and message in the errors namespace. Problems with one folder or item
 * are not faults: they are ResponseMessages with ResponseClass="Error".
 */
export function ewsFault(responseCode: string, message: string, cause?: unknown): LabError {
  return new LabError({ code: `EWS_${responseCode}`, statusCode: 400, wireCode: responseCode, message, cause });
}

export interface FaultContext {
  readonly correlationId: string;
  readonly errorId: string;
  /** The Exchange that answers (`exchange-online`, `exchange-onprem`): the hop of a fault that names none is `client → <service> (EWS)`. */
  readonly service?: string;
}

export function renderEwsFault(error: LabError, context: FaultContext): string {
  const responseCode = error.wireCode ?? (error.statusCode >= 500 ? 'ErrorInternalServerError' : 'ErrorInvalidRequest');
  const faultCode = responseCode === 'VersionMismatch' ? 's:VersionMismatch' : `a:${responseCode}`;
  const service = context.service ?? 'exchange-online';
  const hop = ` (hop: ${error.hop ?? `client → ${service} (EWS)`})`;
  const message = error.expose ? `${error.message}${hop}` : `internal error in ${service}; see its log for error id ${context.errorId}${hop}`;
  return (
    `<s:Envelope xmlns:s="${ewsNs.soap}"><s:Body><s:Fault>` +
    `<faultcode xmlns:a="${ewsNs.types}">${escapeXml(faultCode)}</faultcode>` +
    `<faultstring xml:lang="en-US">${escapeXml(message)}</faultstring>` +
    `<detail><e:ResponseCode xmlns:e="${ewsNs.errors}">${escapeXml(responseCode)}</e:ResponseCode>` +
    `<e:Message xmlns:e="${ewsNs.errors}">${escapeXml(message)}</e:Message>` +
    `<e:LabErrorCode xmlns:e="${ewsNs.errors}">${escapeXml(error.code)}</e:LabErrorCode>` +
    `<e:CorrelationId xmlns:e="${ewsNs.errors}">${escapeXml(context.correlationId)}</e:CorrelationId></detail>` +
    '</s:Fault></s:Body></s:Envelope>'
  );
}
