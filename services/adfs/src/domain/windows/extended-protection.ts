import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { avIds, decodeAvPairs, findAvPair } from '../../../../../shared/ntlm/av-pairs.ts';
import { isUnbound } from '../../../../../shared/ntlm/channel-bindings.ts';
import type { Ntlmv2Response } from '../../../../../shared/ntlm/ntlmv2.ts';

/**
 * Extended Protection for Authentication (security.md, NTLM relay; AD FS's
 * ExtendedProtectionTokenCheck=Allow): when the client names its target or binds its
 * response to the TLS channel, both must be this service and this connection. The AV
 * pairs are read only after the dc accepted the NTProofStr, which covers them.
 */
function refused(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 403, expose: true, message: `Windows sign-in refused: ${message}`, hop: 'client → adfs (Windows sign-in)' });
}

export interface ExpectedBinding {
  /** `HTTP/fs.contoso.test`, compared case-insensitively as Windows compares SPNs. */
  readonly servicePrincipalName: string;
  /** This connection's MsvAvChannelBindings value; undefined off TLS. */
  readonly channelBindingsHash: Buffer | undefined;
}

export function checkExtendedProtection(response: Ntlmv2Response, expected: ExpectedBinding): void {
  const pairs = decodeAvPairs(response.avPairs);
  const target = findAvPair(pairs, avIds.MsvAvTargetName)?.toString('utf16le');
  if (target && target.toLowerCase() !== expected.servicePrincipalName.toLowerCase()) {
    throw refused('NTLM_TARGET_NAME_MISMATCH', `the NTLM response was made for ${target}, not for ${expected.servicePrincipalName}; it may have been relayed`);
  }
  const bindings = findAvPair(pairs, avIds.MsvAvChannelBindings);
  if (isUnbound(bindings)) return;
  if (!expected.channelBindingsHash || !bindings!.equals(expected.channelBindingsHash)) {
    throw refused('NTLM_CHANNEL_BINDING_MISMATCH', 'the NTLM response is bound to another TLS channel than this connection to the federation service; it may have been relayed');
  }
}
