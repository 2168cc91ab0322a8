import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenSigningStore } from '../src/domain/token-signing/certificate-store.ts';
import { openCertificateDatabase } from '../src/domain/token-signing/schema.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import { buildAuthenticateMessage } from '../../../shared/ntlm/authenticate-message.ts';
import { authenticateMessage, clientVersion, negotiateMessage } from '../../../shared/ntlm/client.ts';
import { negotiateFlags } from '../../../shared/ntlm/flags.ts';
import { defaultAdfsConfig } from '../src/config.ts';
import { readSignInRequest } from '../src/domain/passive/sign-in-request.ts';
import { relyingPartyTrusts } from '../src/domain/relying-parties.ts';
import type { AdfsRuntime } from '../src/domain/runtime.ts';
import { ConnectionChallenges } from '../../../shared/ntlm/server/connection-challenges.ts';
import { continueWindowsSignIn, type WindowsStep } from '../src/domain/windows/windows-sign-in.ts';
import { FrozenClock, startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { netlogonStandIn, type NetlogonStandIn } from '../../../test/support/netlogon-stand-in.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { chromeUserAgent } from '../../../test/support/ntlm-http.ts';
import { decodeHtml, realm, signInUrl } from './support/passive-browser.ts';

/**
 * Windows sign-in's steps at the domain level (docs/federation.md, F5): the connection
 * is any object, the clock is frozen, the dc is the NETLOGON stand-in.
 */
const ntlm = (message: Buffer): string => `NTLM ${message.toString('base64')}`;

describe('Windows sign-in, step by step', () => {
  let adfs: TestAdfs;
  let runtime: AdfsRuntime;
  let clock: FrozenClock;
  let netlogon: NetlogonStandIn;
  before(async () => {
    adfs = await startAdfs();
    clock = new FrozenClock();
    netlogon = await netlogonStandIn(loadSeed());
    const tokenSigningCertificates = new TokenSigningStore(openCertificateDatabase(mkdtempSync(join(tmpdir(), 'hybrid-lab-wia-'))));
    tokenSigningCertificates.initialize(loadKeyPair(adfs.certsDir, defaultAdfsConfig.tokenSigningCertificate), clock.now());
    runtime = {
      config: { ...defaultAdfsConfig, clock: clock.now },
      tokenSigning: tokenSigningCertificates.primary(),
      tokenSigningCertificates,
      credentials: { check: async () => ({ ok: false, failure: 'bad-password' }) },
      windowsLogon: netlogon,
      relyingPartyTrusts,
    };
  });
  after(async () => {
    netlogon.unreachable = false;
    await adfs.close();
  });

  const signIn = () => readSignInRequest(runtime, { wa: 'wsignin1.0', wtrealm: realm, wctx: 'ctx' });

  /** NEGOTIATE on `connection`; returns the CHALLENGE_MESSAGE. */
  async function challengeOn(challenges: ConnectionChallenges, connection: object): Promise<Buffer> {
    const step = await continueWindowsSignIn(runtime, challenges, { authorization: ntlm(negotiateMessage()), connection, signIn: signIn(), channelBindingsHash: undefined });
    assert.equal(step.kind, 'continue');
    return Buffer.from((step as { wwwAuthenticate: string }).wwwAuthenticate.slice('NTLM '.length), 'base64');
  }

  async function answer(challenges: ConnectionChallenges, connection: object, type3: Buffer, channelBindingsHash?: Buffer): Promise<WindowsStep> {
    return continueWindowsSignIn(runtime, challenges, { authorization: ntlm(type3), connection, signIn: signIn(), channelBindingsHash });
  }

  async function signInAs(userName: string, password: string, options: Parameters<typeof authenticateMessage>[2] = {}, binding?: Buffer): Promise<WindowsStep> {
    const challenges = new ConnectionChallenges();
    const connection = {};
    const type3 = await authenticateMessage(await challengeOn(challenges, connection), { userName, domain: 'CONTOSO', password }, options);
    return answer(challenges, connection, type3, binding);
  }

  function refusedWith(code: string, statusCode: number) {
    return (error: unknown) => error instanceof LabError && error.code === code && error.statusCode === statusCode;
  }

  it('issues the windows assertion for joe', async () => {
    const step = await signInAs('joe', 'Joe!Lab2026');
    assert.equal(step.kind, 'issued');
    assert.equal(step.kind === 'issued' && step.user.userPrincipalName, 'joe@contoso.test');
  });

  it('takes each challenge once: the same AUTHENTICATE again on the connection starts over', async () => {
    const challenges = new ConnectionChallenges();
    const connection = {};
    const type3 = await authenticateMessage(await challengeOn(challenges, connection), { userName: 'joe', domain: 'CONTOSO', password: 'Joe!Lab2026' });
    assert.equal((await answer(challenges, connection, type3)).kind, 'issued');
    const replay = await answer(challenges, connection, type3);
    assert.deepEqual(replay.kind === 'offer' && [replay.code, replay.schemes], ['NO_CHALLENGE_ON_CONNECTION', ['Negotiate', 'NTLM']]);
  });

  it('lets a challenge wait 60 s for its answer, not longer', async () => {
    const challenges = new ConnectionChallenges();
    const connection = {};
    const type3 = await authenticateMessage(await challengeOn(challenges, connection), { userName: 'joe', domain: 'CONTOSO', password: 'Joe!Lab2026' });
    clock.advance(61);
    const late = await answer(challenges, connection, type3);
    assert.equal(late.kind === 'offer' && late.code, 'NTLM_CHALLENGE_EXPIRED');
  });

  it('challenges again after a wrong password, with the reason on the page', async () => {
    const step = await signInAs('joe', 'wrong');
    assert.ok(step.kind === 'offer' && step.code === 'STATUS_WRONG_PASSWORD' && /incorrect user ID or password/.test(step.errorText));
    const unknown = await signInAs('nobody', 'x');
    assert.ok(unknown.kind === 'offer' && unknown.errorText === (step.kind === 'offer' && step.errorText), 'an unknown user reads like a wrong password');
  });

  it('shows why a disabled or expired account cannot sign in, without a new challenge', async () => {
    await assert.rejects(signInAs('eve', 'Eve!Lab2026'), refusedWith('ACCOUNT_DISABLED', 403));
    await assert.rejects(signInAs('pat', 'Pat!Lab2026'), (error: unknown) => refusedWith('PASSWORD_EXPIRED', 403)(error) && /STATUS_PASSWORD_MUST_CHANGE/.test((error as Error).message));
  });

  it('surfaces the dc refusing an NTLMv1 response', async () => {
    const challenges = new ConnectionChallenges();
    const connection = {};
    await challengeOn(challenges, connection);
    const v1 = buildAuthenticateMessage({ flags: negotiateFlags.NEGOTIATE_UNICODE | negotiateFlags.NEGOTIATE_NTLM, lmChallengeResponse: Buffer.alloc(24, 1), ntChallengeResponse: Buffer.alloc(24, 2), domain: 'CONTOSO', userName: 'joe', workstation: '', version: clientVersion });
    await assert.rejects(answer(challenges, connection, v1), refusedWith('NTLMV1_REFUSED', 403));
  });

  it('names the hop when the dc cannot be reached', async () => {
    netlogon.unreachable = true;
    try {
      await assert.rejects(signInAs('joe', 'Joe!Lab2026'), (error: unknown) => refusedWith('DC_UNREACHABLE', 503)(error) && (error as LabError).hop === 'adfs → dc.contoso.test (NETLOGON pass-through)');
    } finally {
      netlogon.unreachable = false;
    }
  });

  it('refuses a response made for another service or bound to another TLS channel (security.md, NTLM relay)', async () => {
    await assert.rejects(signInAs('joe', 'Joe!Lab2026', { servicePrincipalName: 'HTTP/mail.contoso.test' }), refusedWith('NTLM_TARGET_NAME_MISMATCH', 403));
    await assert.rejects(signInAs('joe', 'Joe!Lab2026', { channelBindingsHash: Buffer.alloc(16, 1) }, Buffer.alloc(16, 2)), refusedWith('NTLM_CHANNEL_BINDING_MISMATCH', 403));
    const bound = await signInAs('joe', 'Joe!Lab2026', { servicePrincipalName: 'http/FS.contoso.test', channelBindingsHash: Buffer.alloc(16, 3) }, Buffer.alloc(16, 3));
    assert.equal(bound.kind, 'issued');
  });

  it('refuses an anonymous AUTHENTICATE and a malformed token', async () => {
    const challenges = new ConnectionChallenges();
    const connection = {};
    await challengeOn(challenges, connection);
    const anonymous = buildAuthenticateMessage({ flags: negotiateFlags.NEGOTIATE_UNICODE | negotiateFlags.ANONYMOUS, lmChallengeResponse: Buffer.alloc(1), ntChallengeResponse: Buffer.alloc(0), domain: '', userName: '', workstation: '', version: clientVersion });
    const step = await answer(challenges, connection, anonymous);
    assert.equal(step.kind === 'offer' && step.code, 'ANONYMOUS_LOGON');
    await challengeOn(challenges, connection);
    await assert.rejects(answer(challenges, connection, Buffer.from('NTLMSSP\0\x03\0\0\0')), refusedWith('NTLM_MALFORMED_MESSAGE', 400));
    await assert.rejects(continueWindowsSignIn(runtime, challenges, { authorization: 'NTLM !!!', connection, signIn: signIn(), channelBindingsHash: undefined }), refusedWith('BAD_AUTHORIZATION', 400));
  });
});

describe('when /adfs/ls/ offers Windows sign-in', () => {
  let adfs: TestAdfs;
  before(async () => {
    adfs = await startAdfs();
  });
  after(async () => {
    await adfs.close();
  });

  const get = (url: string, headers: Record<string, string>) => adfs.app.inject({ method: 'GET', url, headers });

  it('challenges an intranet browser on the WIASupportedUserAgents list with Negotiate and NTLM, and links to forms sign-in', async () => {
    const response = await get(signInUrl(), { 'user-agent': chromeUserAgent });
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.headers['www-authenticate'], ['Negotiate', 'NTLM']);
    const link = /id="formsSignInLink" href="([^"]+)"/.exec(response.body)?.[1];
    const forms = await get(decodeHtml(link!), { 'user-agent': chromeUserAgent });
    assert.equal(forms.statusCode, 200);
    assert.match(forms.body, /id="loginForm"/);
  });

  it('never offers it through the Web Application Proxy, even to a client that sends NTLM', async () => {
    const response = await get(signInUrl(), { 'user-agent': chromeUserAgent, 'x-ms-proxy': 'wap', authorization: ntlm(negotiateMessage()) });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['www-authenticate'], undefined);
    assert.match(response.body, /id="loginForm"/);
  });

  it('shows forms to a browser not on the list, and Windows to one that asks with wauth', async () => {
    const firefox = await get(signInUrl(), { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' });
    assert.equal(firefox.statusCode, 200);
    const asked = await get(signInUrl({ wauth: 'urn:federation:authentication:windows' }), { 'user-agent': 'curl/8.0' });
    assert.equal(asked.statusCode, 401);
  });

  it('still checks the sign-in request first: an unknown realm is an error page, not a challenge', async () => {
    const response = await get('/adfs/ls/?wa=wsignin1.0&wtrealm=urn:nobody', { 'user-agent': chromeUserAgent });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /MSIS7007/);
  });
});
