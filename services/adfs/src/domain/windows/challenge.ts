import { randomBytes } from 'node:crypto';
import { avIds, stringPair } from '../../../../../shared/ntlm/av-pairs.ts';
import { buildChallengeMessage } from '../../../../../shared/ntlm/challenge-message.ts';
import { fileTimeBytes, fileTimeOf } from '../../../../../shared/ntlm/file-time.ts';
import { hasFlag, negotiateFlags } from '../../../../../shared/ntlm/flags.ts';
import type { NegotiateMessage } from '../../../../../shared/ntlm/negotiate-message.ts';
import type { NtlmVersion } from '../../../../../shared/ntlm/wire.ts';
import type { WindowsAuthenticationConfig } from '../../config.ts';

/** AD FS on Windows Server 2019 (10.0.17763). */
export const serverVersion: NtlmVersion = { major: 10, minor: 0, build: 17763 };

/** Flags the server echoes only when the client asked ([MS-NLMP] §3.2.5.1.1). */
const echoed = [
  negotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY,
  negotiateFlags.NEGOTIATE_ALWAYS_SIGN,
  negotiateFlags.NEGOTIATE_128,
  negotiateFlags.NEGOTIATE_56,
];

/**
 * The CHALLENGE_MESSAGE's flags: NTLM, the target as a domain, Unicode when the client
 * can (else OEM), and the client's own ESS/128/56. Never SIGN, SEAL or KEY_EXCH: HTTP
 * authentication protects nothing after the handshake, so AD FS offers no session keys.
 */
export function challengeFlags(negotiate: NegotiateMessage): number {
  const charset = hasFlag(negotiate.flags, negotiateFlags.NEGOTIATE_UNICODE) ? negotiateFlags.NEGOTIATE_UNICODE : negotiateFlags.NEGOTIATE_OEM;
  const requested = echoed.reduce((flags, flag) => flags | (negotiate.flags & flag), 0);
  return charset | requested | negotiateFlags.NEGOTIATE_NTLM | negotiateFlags.REQUEST_TARGET | negotiateFlags.TARGET_TYPE_DOMAIN;
}

/**
 * A fresh 8-byte ServerChallenge and the message carrying it, with the target info a
 * Windows server sends (§2.2.2.1): NetBIOS and DNS domain and computer names, the tree
 * name, and MsvAvTimestamp, which tells NTLMv2 clients the server's time.
 */
export function issueChallenge(negotiate: NegotiateMessage, windows: WindowsAuthenticationConfig, now: Date): { serverChallenge: Buffer; message: Buffer } {
  const serverChallenge = randomBytes(8);
  const message = buildChallengeMessage({
    flags: challengeFlags(negotiate),
    serverChallenge,
    targetName: windows.netbiosDomainName,
    targetInfo: [
      stringPair(avIds.MsvAvNbDomainName, windows.netbiosDomainName),
      stringPair(avIds.MsvAvNbComputerName, windows.netbiosComputerName),
      stringPair(avIds.MsvAvDnsDomainName, windows.dnsDomainName),
      stringPair(avIds.MsvAvDnsComputerName, windows.dnsComputerName),
      stringPair(avIds.MsvAvDnsTreeName, windows.dnsDomainName),
      { id: avIds.MsvAvTimestamp, value: fileTimeBytes(fileTimeOf(now)) },
    ],
    version: serverVersion,
  });
  return { serverChallenge, message };
}
