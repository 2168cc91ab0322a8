import type { LabError } from '../../../../../shared/errors/lab-error.ts';
import { escapeXml } from '../../../../../shared/xml/escape.ts';
import { subcodeNamespaces } from './faults.ts';
import { ns } from './namespaces.ts';

export interface FaultContext {
  readonly correlationId: string;
  /** Shown instead of the message when the error may not be exposed. */
  readonly errorId: string;
  readonly service: string;
}

function reasonOf(error: LabError, context: FaultContext): string {
  const hop = error.hop ? ` (hop: ${error.hop})` : '';
  if (error.expose) return `${error.message}${hop}`;
  return `internal error in ${context.service}; see its log for error id ${context.errorId}${hop}`;
}

/** The Subcode, its prefix declared where it is used, as WCF writes it. */
function subcodeOf(error: LabError): string {
  const namespace = error.wireCode ? subcodeNamespaces[error.wireCode] : undefined;
  if (!error.wireCode || !namespace) return '';
  return `<s:Subcode><s:Value xmlns:a="${namespace}">${escapeXml(error.wireCode)}</s:Value></s:Subcode>`;
}

/**
 * A WS-Trust fault as AD FS sends it (client-flows §1.6): SOAP 1.2, the fault Action,
 * `s:Sender` for the caller's mistakes and `s:Receiver` for AD FS's own or the dc's,
 * the protocol Subcode, and the reason. The shared soap12 renderer ties Sender to a
 * 4xx status, but AD FS answers every fault with HTTP 500; hence this one.
 */
export function renderWsTrustFault(error: LabError, context: FaultContext): string {
  const code = error.statusCode >= 500 ? 's:Receiver' : 's:Sender';
  return (
    `<s:Envelope xmlns:s="${ns.soap12}" xmlns:a="${ns.wsa}">` +
    `<s:Header><a:Action s:mustUnderstand="1">${ns.wsa}/soap/fault</a:Action></s:Header>` +
    `<s:Body><s:Fault><s:Code><s:Value>${code}</s:Value>${subcodeOf(error)}</s:Code>` +
    `<s:Reason><s:Text xml:lang="en-US">${escapeXml(reasonOf(error, context))}</s:Text></s:Reason>` +
    `<s:Detail><LabErrorCode>${escapeXml(error.code)}</LabErrorCode><CorrelationId>${escapeXml(context.correlationId)}</CorrelationId></s:Detail>` +
    '</s:Fault></s:Body></s:Envelope>'
  );
}
