import { randomBytes } from 'node:crypto';
import { avIds, stringPair } from '../av-pairs.ts';
import { buildChallengeMessage } from '../challenge-message.ts';
import { fileTimeBytes, fileTimeOf } from '../file-time.ts';
import { hasFlag, negotiateFlags } from '../flags.ts';
import type { NegotiateMessage } from '../negotiate-message.ts';
import type { NtlmVersion } from '../wire.ts';

/** Windows Server 2019 (10.0.17763), which the lab's Windows servers (AD FS, Exchange) run. */
export const windowsServer2019: NtlmVersion = { major: 10, minor: 0, build: 17763 };

/**
 * How a server names itself in its CHALLENGE_MESSAGE ([MS-NLMP] §2.2.1.2): the domain's
 * names (seed: CONTOSO, contoso.test) and the server's own.
 */
export interface NtlmServerNames {
  readonly netbiosDomainName: string;
  readonly dnsDomainName: string;
  readonly netbiosComputerName: string;
  readonly dnsComputerName: string;
}

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
 * authentication protects nothing after the handshake, so the server offers no session keys.
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
export function issueChallenge(negotiate: NegotiateMessage, names: NtlmServerNames, now: Date, version: NtlmVersion = windowsServer2019): { serverChallenge: Buffer; message: Buffer } {
  const serverChallenge = randomBytes(8);
  const message = buildChallengeMessage({
    flags: challengeFlags(negotiate),
    serverChallenge,
    targetName: names.netbiosDomainName,
    targetInfo: [
      stringPair(avIds.MsvAvNbDomainName, names.netbiosDomainName),
      stringPair(avIds.MsvAvNbComputerName, names.netbiosComputerName),
      stringPair(avIds.MsvAvDnsDomainName, names.dnsDomainName),
      stringPair(avIds.MsvAvDnsComputerName, names.dnsComputerName),
      stringPair(avIds.MsvAvDnsTreeName, names.dnsDomainName),
      { id: avIds.MsvAvTimestamp, value: fileTimeBytes(fileTimeOf(now)) },
    ],
    version,
  });
  return { serverChallenge, message };
}
