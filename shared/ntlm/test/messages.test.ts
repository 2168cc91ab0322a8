import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { avIds, decodeAvPairs, encodeAvPairs, findAvPair, stringPair } from '../av-pairs.ts';
import { buildAuthenticateMessage, parseAuthenticateMessage } from '../authenticate-message.ts';
import { buildChallengeMessage, parseChallengeMessage } from '../challenge-message.ts';
import { negotiateFlags } from '../flags.ts';
import { buildNegotiateMessage, parseNegotiateMessage } from '../negotiate-message.ts';

/**
 * The messages of [MS-NLMP] §4.2.4.3 (NTLMv2 authentication, user "User", domain
 * "Domain", workstation "COMPUTER", server "Server"), byte for byte from the spec.
 */
const hex = (value: string): Buffer => Buffer.from(value.replace(/\s+/g, ''), 'hex');
const specTargetInfo = hex('02000c00 44006f006d00610069006e00 01000c00 530065007200760065007200 00000000');
const specChallenge = Buffer.concat([
  hex('4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000 24002400 44000000 06007017 0000000f'),
  Buffer.from('Server', 'utf16le'),
  specTargetInfo,
]);
const specLmv2 = hex('86c35097ac9cec102554764a57cccc19 aaaaaaaaaaaaaaaa');
const specNtResponse = hex(
  '68cd0ab851e51c96aabc927bebef6a1c 0101 0000 00000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000' + specTargetInfo.toString('hex') + '00000000',
);
const specSessionKey = hex('c5dad2544fc9799094ce1ce90bc9d03e');
const specAuthenticate = Buffer.concat([
  hex('4e544c4d53535000 03000000 18001800 6c000000 54005400 84000000 0c000c00 48000000 08000800 54000000 10001000 5c000000 10001000 d8000000 358288e2 0501280a0000000f'),
  Buffer.from('Domain', 'utf16le'),
  Buffer.from('User', 'utf16le'),
  Buffer.from('COMPUTER', 'utf16le'),
  specLmv2,
  specNtResponse,
  specSessionKey,
]);

function malformed(fn: () => unknown): void {
  assert.throws(fn, (error: unknown) => error instanceof LabError && error.code === 'NTLM_MALFORMED_MESSAGE' && error.statusCode === 400);
}

describe('the CHALLENGE_MESSAGE against [MS-NLMP] §4.2.4.3', () => {
  it('reads the spec message: flags, challenge, target name and target info', () => {
    const challenge = parseChallengeMessage(specChallenge);
    assert.equal(challenge.flags >>> 0, 0xe28a8233);
    assert.equal(challenge.serverChallenge.toString('hex'), '0123456789abcdef');
    assert.equal(challenge.targetName, 'Server');
    assert.deepEqual(challenge.targetInfo, specTargetInfo);
    assert.equal(findAvPair(challenge.targetInfoPairs, avIds.MsvAvNbDomainName)?.toString('utf16le'), 'Domain');
    assert.deepEqual(challenge.version, { major: 6, minor: 0, build: 6000 });
  });

  it('builds the spec message from its parts', () => {
    const built = buildChallengeMessage({
      flags: 0xe28a8233,
      serverChallenge: hex('0123456789abcdef'),
      targetName: 'Server',
      targetInfo: [stringPair(avIds.MsvAvNbDomainName, 'Domain'), stringPair(avIds.MsvAvNbComputerName, 'Server')],
      version: { major: 6, minor: 0, build: 6000 },
    });
    assert.equal(built.toString('hex'), specChallenge.toString('hex'));
  });

  it('refuses a TargetInfo that points past the end of the message', () => {
    const cut = Buffer.from(specChallenge.subarray(0, specChallenge.length - 4));
    malformed(() => parseChallengeMessage(cut));
  });
});

describe('the AUTHENTICATE_MESSAGE against [MS-NLMP] §4.2.4.3', () => {
  it('reads domain, user, workstation and both responses, and finds no MIC', () => {
    const message = parseAuthenticateMessage(specAuthenticate);
    assert.equal(message.domain, 'Domain');
    assert.equal(message.userName, 'User');
    assert.equal(message.workstation, 'COMPUTER');
    assert.deepEqual(message.lmChallengeResponse, specLmv2);
    assert.deepEqual(message.ntChallengeResponse, specNtResponse);
    assert.deepEqual(message.encryptedRandomSessionKey, specSessionKey);
    assert.deepEqual(message.version, { major: 5, minor: 1, build: 2600 });
    assert.equal(message.mic, undefined);
  });

  it('builds the spec message from its parts', () => {
    const built = buildAuthenticateMessage({
      flags: 0xe2888235,
      lmChallengeResponse: specLmv2,
      ntChallengeResponse: specNtResponse,
      domain: 'Domain',
      userName: 'User',
      workstation: 'COMPUTER',
      encryptedRandomSessionKey: specSessionKey,
      version: { major: 5, minor: 1, build: 2600 },
    });
    assert.equal(built.toString('hex'), specAuthenticate.toString('hex'));
  });

  it('reads a MIC when the payload starts after it', () => {
    const withMic = buildAuthenticateMessage({ flags: negotiateFlags.NEGOTIATE_UNICODE, lmChallengeResponse: Buffer.alloc(0), ntChallengeResponse: specNtResponse, domain: 'D', userName: 'U', workstation: '', version: { major: 10, minor: 0, build: 1 } });
    // Shift the payload 16 bytes down and put a MIC in between, as Windows does.
    const fixed = Buffer.from(withMic.subarray(0, 72));
    for (const field of [12, 20, 28, 36, 44, 52]) fixed.writeUInt32LE(fixed.readUInt32LE(field + 4) + 16, field + 4);
    const message = parseAuthenticateMessage(Buffer.concat([fixed, Buffer.alloc(16, 0x11), withMic.subarray(72)]));
    assert.deepEqual(message.mic, Buffer.alloc(16, 0x11));
    assert.equal(message.userName, 'U');
  });

  it('refuses another message type, a short message and a buffer past the end', () => {
    malformed(() => parseAuthenticateMessage(specChallenge));
    malformed(() => parseAuthenticateMessage(specAuthenticate.subarray(0, 40)));
    malformed(() => parseAuthenticateMessage(specAuthenticate.subarray(0, specAuthenticate.length - 20)));
    malformed(() => parseAuthenticateMessage(Buffer.concat([Buffer.from('NTLMSSQ\0'), specAuthenticate.subarray(8)])));
  });
});

describe('the NEGOTIATE_MESSAGE', () => {
  it('round-trips flags, OEM domain and workstation, and version', () => {
    const message = parseNegotiateMessage(buildNegotiateMessage({ flags: negotiateFlags.NEGOTIATE_NTLM | negotiateFlags.NEGOTIATE_UNICODE, domain: 'CONTOSO', workstation: 'CLIENT-INT', version: { major: 10, minor: 0, build: 19045 } }));
    assert.equal(message.domain, 'CONTOSO');
    assert.equal(message.workstation, 'CLIENT-INT');
    assert.ok(message.flags & negotiateFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED);
    assert.deepEqual(message.version, { major: 10, minor: 0, build: 19045 });
  });

  it('reads the 16-byte and 32-byte forms older clients send', () => {
    const full = buildNegotiateMessage({ flags: negotiateFlags.NEGOTIATE_NTLM, version: { major: 5, minor: 1, build: 2600 } });
    assert.equal(parseNegotiateMessage(full.subarray(0, 16)).flags & negotiateFlags.NEGOTIATE_NTLM, negotiateFlags.NEGOTIATE_NTLM);
    assert.equal(parseNegotiateMessage(full.subarray(0, 32)).version, undefined);
  });
});

describe('AV pairs', () => {
  it('encode with a closing MsvAvEOL and decode back', () => {
    const encoded = encodeAvPairs([stringPair(avIds.MsvAvNbDomainName, 'Domain'), stringPair(avIds.MsvAvNbComputerName, 'Server')]);
    assert.deepEqual(encoded, specTargetInfo);
    assert.deepEqual(decodeAvPairs(encoded).map((pair) => pair.id), [avIds.MsvAvNbDomainName, avIds.MsvAvNbComputerName]);
  });

  it('refuse a list without MsvAvEOL or with a pair past its end', () => {
    malformed(() => decodeAvPairs(specTargetInfo.subarray(0, specTargetInfo.length - 4)));
    malformed(() => decodeAvPairs(hex('02000c00 4400')));
  });
});
