import type { LabResponse } from '../../../../../shared/http/client.ts';
import { elementsNamed } from '../../../../../shared/xml/dom.ts';
import { parseXml } from '../../../../../shared/xml/safe-parse.ts';
import type { FailureKind } from './credential-failure.ts';

/**
 * What an STS's refusal means for the Basic-auth proxy ([EXO] FederatedSTS.cs, as
 * client-flows §1.6 reads it): the SOAP 1.2 fault's innermost Subcode decides.
 * `…:FailedAuthentication` is bad credentials unless the reason carries `MSIS3126:`
 * (denied by issuance rules); `…:FailedAuthentication.ExpiredPassword` is an expired
 * password; `…:InvalidSecurity` is a rejected Timestamp (clock skew: the IdP side).
 * HTTP 401 from the STS is bad credentials and 403 forbidden. Anything else, a 502
 * from the edge or the WAP included, is the IdP failing.
 */
export interface StsRefusal {
  readonly kind: FailureKind;
  readonly code: string;
  /** What the STS said, for the diagnostics. */
  readonly said: string;
}

const soap12 = 'http://www.w3.org/2003/05/soap-envelope';

interface Fault {
  readonly subcode: string;
  readonly reason: string;
}

function readFault(body: string): Fault | undefined {
  try {
    const root = parseXml(body, { maxBytes: 128 * 1024 }).documentElement;
    const fault = root ? elementsNamed(root, soap12, 'Fault')[0] : undefined;
    if (!fault) return undefined;
    const values = elementsNamed(fault, soap12, 'Value').map((element) => element.textContent?.trim() ?? '');
    const reason = elementsNamed(fault, soap12, 'Text')[0]?.textContent?.trim() ?? '';
    return { subcode: values.at(-1) ?? '', reason };
  } catch {
    return undefined;
  }
}

/** The first line of a non-SOAP answer (the WAP's or the edge's own error text), and the hops it passed. */
function describeOther(response: LabResponse): string {
  const firstLine = response.body.split('\n', 1)[0]?.trim().slice(0, 300) ?? '';
  const via = [response.headers.via].flat().filter(Boolean).join(', ');
  return `HTTP ${response.status}${via ? ` via ${via}` : ''}${firstLine ? `: ${firstLine}` : ''}`;
}

function localName(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}

export function classifyStsRefusal(response: LabResponse): StsRefusal {
  const fault = readFault(response.body);
  if (!fault) {
    if (response.status === 401) return { kind: 'bad-credentials', code: 'BASIC_STS_REFUSED', said: describeOther(response) };
    if (response.status === 403) return { kind: 'denied', code: 'BASIC_STS_FORBIDDEN', said: describeOther(response) };
    return { kind: 'idp-failure', code: 'BASIC_IDP_FAILED', said: describeOther(response) };
  }
  const said = `${fault.subcode}: ${fault.reason.slice(0, 300)}`;
  const subcode = localName(fault.subcode);
  if (subcode === 'FailedAuthentication.ExpiredPassword') return { kind: 'expired-password', code: 'BASIC_PASSWORD_EXPIRED', said };
  if (fault.reason.includes('MSIS3126:')) return { kind: 'denied', code: 'BASIC_DENIED_BY_RULES', said };
  if (subcode === 'FailedAuthentication') return { kind: 'bad-credentials', code: 'BASIC_BAD_CREDENTIALS', said };
  if (subcode === 'InvalidSecurity') return { kind: 'idp-failure', code: 'BASIC_STS_CLOCK_SKEW', said };
  return { kind: 'idp-failure', code: 'BASIC_IDP_FAULT', said };
}
