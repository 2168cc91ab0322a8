import { readChildren, readTlv, tlv, type Tlv } from './der.ts';
import { malformed } from './wire.ts';

/**
 * SPNEGO ([RFC 4178] §4.2) as HTTP Negotiate carries it ([RFC 4559]): the client's
 * NegTokenInit inside a GSS-API InitialContextToken lists its mechanisms and carries
 * the first token of its preferred one; every later token, both ways, is a NegTokenResp.
 * OIDs are kept as their DER content bytes in hex.
 */
export const mechanismOids = {
  spnego: '2b0601050502',
  ntlmssp: '2b06010401823702020a',
  kerberos: '2a864886f712010202',
  kerberosMicrosoft: '2a864882f712010202',
} as const;

/** NegState ([RFC 4178] §4.2.2). */
export const negStates = { acceptCompleted: 0, acceptIncomplete: 1, reject: 2, requestMic: 3 } as const;

export type SpnegoToken =
  | { readonly kind: 'init'; readonly mechTypes: readonly string[]; readonly mechToken: Buffer | undefined }
  | { readonly kind: 'resp'; readonly negState: number | undefined; readonly supportedMech: string | undefined; readonly responseToken: Buffer | undefined };

function contextFields(sequence: Buffer): Map<number, Buffer> {
  const outer = readTlv(sequence);
  if (outer.tag !== 0x30) throw malformed('an SPNEGO token is not a SEQUENCE');
  return new Map(readChildren(outer.value).map((field) => [field.tag & 0x1f, field.value]));
}

function octetString(field: Buffer | undefined): Buffer | undefined {
  if (!field) return undefined;
  const inner = readTlv(field);
  if (inner.tag !== 0x04) throw malformed('an SPNEGO token field is not an OCTET STRING');
  return Buffer.from(inner.value);
}

function oid(element: Tlv): string {
  if (element.tag !== 0x06) throw malformed('an SPNEGO mechanism is not an OBJECT IDENTIFIER');
  return element.value.toString('hex');
}

function parseInit(token: Buffer): SpnegoToken {
  const outer = readTlv(token);
  const [thisMech, inner] = readChildren(outer.value);
  if (!thisMech || thisMech.tag !== 0x06 || thisMech.value.toString('hex') !== mechanismOids.spnego) throw malformed('the Negotiate token is a GSS-API token for another mechanism than SPNEGO');
  if (!inner || inner.tag !== 0xa0) throw malformed('the SPNEGO InitialContextToken holds no NegTokenInit');
  const fields = contextFields(inner.value);
  const mechList = fields.get(0);
  const mechTypes = mechList ? readChildren(readTlv(mechList).value).map(oid) : [];
  return { kind: 'init', mechTypes, mechToken: octetString(fields.get(2)) };
}

function parseResp(token: Buffer): SpnegoToken {
  const fields = contextFields(readTlv(token).value);
  const state = fields.get(0);
  const supported = fields.get(1);
  return { kind: 'resp', negState: state ? readTlv(state).value[0] : undefined, supportedMech: supported ? oid(readTlv(supported)) : undefined, responseToken: octetString(fields.get(2)) };
}

export function parseSpnego(token: Buffer): SpnegoToken {
  if (token[0] === 0x60) return parseInit(token);
  if (token[0] === 0xa1) return parseResp(token);
  throw malformed('the Negotiate token is neither NTLMSSP nor SPNEGO');
}

const oidTlv = (hex: string): Buffer => tlv(0x06, Buffer.from(hex, 'hex'));

/** A NegTokenResp for the server's answers: the state, NTLMSSP as the chosen mechanism, and the NTLM token. */
export function encodeNegTokenResp(negState: number, responseToken?: Buffer, supportedMech: string | undefined = mechanismOids.ntlmssp): Buffer {
  const fields = [tlv(0xa0, tlv(0x0a, Buffer.from([negState])))];
  if (supportedMech) fields.push(tlv(0xa1, oidTlv(supportedMech)));
  if (responseToken) fields.push(tlv(0xa2, tlv(0x04, responseToken)));
  return tlv(0xa1, tlv(0x30, Buffer.concat(fields)));
}

/** A client's first token: NegTokenInit listing the mechanisms, carrying the first one's token. */
export function encodeNegTokenInit(mechTypes: readonly string[], mechToken: Buffer): Buffer {
  const init = tlv(0x30, Buffer.concat([tlv(0xa0, tlv(0x30, Buffer.concat(mechTypes.map(oidTlv)))), tlv(0xa2, tlv(0x04, mechToken))]));
  return tlv(0x60, Buffer.concat([oidTlv(mechanismOids.spnego), tlv(0xa0, init)]));
}

/** A client's later token: NegTokenResp carrying the mechanism's next token. */
export function encodeClientNegTokenResp(responseToken: Buffer): Buffer {
  return tlv(0xa1, tlv(0x30, tlv(0xa2, tlv(0x04, responseToken))));
}
