import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { MetadataFetcher } from '../../shared/partner-access/receiver-trust.ts';
import type { KeyPair } from '../../shared/pki/index.ts';
import { availabilityRequest, getUserSettings, ns, texts } from './exchange-requests.ts';
import { delegationToken, fakeStsMetadata, s2sToken, tamperActor, wsSecurityAvailability, type S2STokenOptions } from './partner-tokens.ts';

/**
 * The receiving side of cross-premises free/busy, the same cases on both Exchanges
 * (server-flows §1.6, §2.6; issue 5 acceptance 4): one refusal per class at the HTTP
 * level with its status, challenge or fault and code, and the positive answers.
 */
export interface PartnerBed {
  inject(url: string, payload: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  key(name: string): KeyPair;
  readonly clock: { now: Date };
  dispose(): Promise<void>;
}

export interface PartnerProfile {
  readonly service: string;
  readonly host: string;
  readonly realm: string;
  readonly ownFederationKey: string;
  readonly otherFederationKey: string;
  readonly applicationUri: string;
  /** S2S: who asks for whom, and the subjects the requester's own permission shows (empty: times only). */
  readonly s2s: { readonly requester: string; readonly target: string; readonly subjects: readonly string[]; readonly startTimes: readonly string[] };
  /** DAuth: a requester of a domain in the default OrgRel, and a target whose Default is AvailabilityOnly. */
  readonly dauth: { readonly requester: string; readonly target: string; readonly startTimes: readonly string[] };
  start(stsMetadata: MetadataFetcher): Promise<PartnerBed>;
}

const ews = '/EWS/Exchange.asmx';

export function describePartnerReceiving(profile: PartnerProfile): void {
  describe(`${profile.service}: the receiving side of cross-premises free/busy`, () => {
    let bed: PartnerBed;
    const metadata = fakeStsMetadata(profile.realm, () => bed.key('signing/azure-auth-oauth-signing').certPem);
    before(async () => {
      bed = await profile.start(metadata);
    });
    after(() => bed.dispose());

    const token = (changes: Partial<S2STokenOptions> = {}): Promise<string> =>
      s2sToken({ realm: profile.realm, host: profile.host, smtp: profile.s2s.requester, now: bed.clock.now, signer: bed.key('signing/azure-auth-oauth-signing'), ...changes });
    const availability = (addresses: readonly string[]): string => availabilityRequest(addresses);

    describe('S2S OAuth', () => {
      it('answers an empty Bearer with 401 and the challenge pair naming the trusted issuer', async () => {
        const response = await bed.inject(ews, availability([profile.s2s.target]), { authorization: 'Bearer ' });
        assert.equal(response.statusCode, 401);
        const challenges = ([] as string[]).concat(response.headers['www-authenticate'] as string | string[]);
        assert.ok(challenges.some((challenge) => challenge.startsWith('Bearer client_id="00000002-0000-0ff1-ce00-000000000000"') && challenge.includes(`trusted_issuers="00000001-0000-0000-c000-000000000000@${profile.realm}"`)), String(challenges));
      });

      it("evaluates the requesting user's own folder permissions on the target calendar", async () => {
        const response = await bed.inject(ews, availability([profile.s2s.target]), { authorization: `Bearer ${await token()}` });
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError']);
        assert.deepEqual(texts(response.body, ns.types, 'Subject'), [...profile.s2s.subjects]);
        assert.deepEqual(texts(response.body, ns.types, 'StartTime'), [...profile.s2s.startTimes]);
      });

      it('answers GetUserSettings on Autodiscover SOAP for an S2S caller', async () => {
        const response = await bed.inject('/autodiscover/autodiscover.svc', getUserSettings([profile.s2s.target], ['ExternalEwsUrl']), { authorization: `Bearer ${await token()}` });
        assert.equal(response.statusCode, 200, response.body);
        assert.match(texts(response.body, '', 'Value')[0] ?? '', /^https:\/\/.*\/EWS\/Exchange\.asmx$/);
      });

      const refusals: [string, () => Promise<string>, string][] = [
        ['an unsigned actor token', () => token({ unsignedActor: true }), 'S2S_ACTOR_UNSIGNED'],
        ['an actor token self-signed with the partner’s own Auth certificate', () => token({ signer: bed.key('signing/exchange-onprem-auth') }), 'S2S_ACTOR_KEY_UNKNOWN'],
        ['an actor without trustedfordelegation', () => token({ actor: { trustedfordelegation: undefined } }), 'S2S_ACTOR_NOT_DELEGATABLE'],
        ['an outer iss other than the actor nameid', () => token({ outer: { iss: `00000003-0000-0ff1-ce00-000000000000@${profile.realm}` } }), 'S2S_OUTER_ISSUER_MISMATCH'],
        ['an audience for another host', () => token({ host: 'evil.example.test' }), 'S2S_AUDIENCE_HOST'],
        ['an audience in another realm', () => token({ actor: { aud: `00000002-0000-0ff1-ce00-000000000000/${profile.host}@00000000-0000-0000-0000-000000000001` } }), 'S2S_AUDIENCE_REALM'],
        ['an expired actor token', () => token({ actor: { nbf: String(Math.floor(bed.clock.now.getTime() / 1000) - 7200), exp: String(Math.floor(bed.clock.now.getTime() / 1000) - 3600) } }), 'S2S_ACTOR_EXPIRED'],
        ['an actor token modified after signing', async () => tamperActor(await token()), 'S2S_ACTOR_SIGNATURE'],
      ];
      for (const [name, make, code] of refusals) {
        it(`refuses ${name} with 401 ${code}, the challenge pair and x-ms-diagnostics`, async () => {
          const response = await bed.inject(ews, availability([profile.s2s.target]), { authorization: `Bearer ${await make()}` });
          assert.equal(response.statusCode, 401, response.body);
          assert.match(String(response.headers['x-ms-diagnostics']), new RegExp(`^${code};reason=".+";hop=".+";error_category="invalid_token"$`));
          assert.match(String(response.headers['www-authenticate']), /Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@/);
          assert.match(response.body, new RegExp(code));
        });
      }

      it('refetches the STS metadata once for an unknown x5t, not for every request', async () => {
        const before = metadata.calls.length;
        await bed.inject(ews, availability([profile.s2s.target]), { authorization: `Bearer ${await token({ signer: bed.key('signing/exchange-online-auth') })}` });
        await bed.inject(ews, availability([profile.s2s.target]), { authorization: `Bearer ${await token({ signer: bed.key('signing/exchange-online-auth') })}` });
        assert.ok(metadata.calls.length - before <= 1, `fetched ${metadata.calls.length - before} times`);
      });
    });

    describe('DAuth (WSSecurity)', () => {
      const to = `https://${profile.host}${ews}/WSSecurity`;
      const send = async (changes: { gateway?: KeyPair; target?: string; requester?: string; issuedAt?: Date } = {}, path = `${ews}/WSSecurity`): Promise<LightMyRequestResponse> => {
        const encrypted = await delegationToken({
          gateway: changes.gateway ?? bed.key('signing/federation-gateway'),
          targetCertificatePem: changes.target ?? bed.key(profile.ownFederationKey).certPem,
          audience: profile.applicationUri,
          requesterSmtp: changes.requester ?? profile.dauth.requester,
          issuedAt: changes.issuedAt ?? bed.clock.now,
        });
        return bed.inject(path, wsSecurityAvailability(encrypted, { to, addresses: [profile.dauth.target], now: bed.clock.now }));
      };

      it('shows times only under the OrgRel level AvailabilityOnly capped by Default, whoever asks', async () => {
        const response = await send({}, `${ews.toLowerCase()}/wssecurity`);
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError']);
        assert.deepEqual(texts(response.body, ns.types, 'StartTime'), [...profile.dauth.startTimes]);
        assert.deepEqual(texts(response.body, ns.types, 'Subject'), []);
        assert.deepEqual(texts(response.body, ns.types, 'FreeBusyViewType'), ['FreeBusyMerged']);
      });

      it('answers GetUserSettings over Autodiscover WSSecurity with the EWS URL', async () => {
        const encrypted = await delegationToken({ gateway: bed.key('signing/federation-gateway'), targetCertificatePem: bed.key(profile.ownFederationKey).certPem, audience: profile.applicationUri, requesterSmtp: profile.dauth.requester, issuedAt: bed.clock.now });
        const { buildWsSecurityHeader } = await import('../../shared/dauth/ws-security-header.ts');
        const header = buildWsSecurityHeader({ action: 'http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings', to: `https://${profile.host}/autodiscover/autodiscover.svc/WSSecurity`, encryptedToken: encrypted, now: bed.clock.now, soapPrefix: 'soap' });
        const body = getUserSettings([profile.dauth.target], ['ExternalEwsUrl']).replace(/<soap:Header>.*<\/soap:Header>/, `<soap:Header><a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion>${header}</soap:Header>`);
        const response = await bed.inject('/autodiscover/autodiscover.svc/WSSecurity', body, { soapaction: '"http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings"' });
        assert.equal(response.statusCode, 200, response.body);
        assert.match(texts(response.body, '', 'Value')[0] ?? '', /^https:\/\/.*\/EWS\/Exchange\.asmx$/);
      });

      const refusals: [string, () => Promise<LightMyRequestResponse>, string, string][] = [
        ['a token encrypted to another organization', () => send({ target: bed.key(profile.otherFederationKey).certPem }), 'DAUTH_TOKEN_UNDECRYPTABLE', 'o:FailedCheck'],
        ['a token signed by a key other than the gateway’s', () => send({ gateway: bed.key('signing/exchange-onprem-auth') }), 'DAUTH_TOKEN_SIGNATURE', 'o:FailedCheck'],
        ['a requester whose domain is in no OrganizationRelationship', () => send({ requester: 'eve@fabrikam.test' }), 'DAUTH_NO_ORGANIZATION_RELATIONSHIP', 'o:InvalidSecurityToken'],
        ['a token replayed outside its lifetime', () => send({ issuedAt: new Date(bed.clock.now.getTime() - 20 * 60_000) }), 'DAUTH_TOKEN_EXPIRED', 'o:MessageExpired'],
      ];
      for (const [name, make, code, faultCode] of refusals) {
        it(`refuses ${name} with the security-token fault and ${code}`, async () => {
          const response = await make();
          assert.equal(response.statusCode, 500, response.body);
          assert.match(response.body, new RegExp(`<faultcode[^>]*>${faultCode}</faultcode>`));
          assert.match(response.body, /An error occurred when processing the security tokens in the message/);
          assert.match(response.body, new RegExp(`<LabErrorCode>${code}</LabErrorCode>`));
          assert.match(String(response.headers['x-ms-diagnostics']), new RegExp(`^${code};`));
          assert.doesNotMatch(response.body, /ResponseMessages/);
        });
      }

      it('refuses the same message a second time within the token’s lifetime (replay)', async () => {
        const encrypted = await delegationToken({ gateway: bed.key('signing/federation-gateway'), targetCertificatePem: bed.key(profile.ownFederationKey).certPem, audience: profile.applicationUri, requesterSmtp: profile.dauth.requester, issuedAt: bed.clock.now });
        const request = wsSecurityAvailability(encrypted, { to, addresses: [profile.dauth.target], now: bed.clock.now });
        assert.equal((await bed.inject(`${ews}/WSSecurity`, request)).statusCode, 200);
        const again = await bed.inject(`${ews}/WSSecurity`, request);
        assert.equal(again.statusCode, 500);
        assert.match(again.body, /<LabErrorCode>DAUTH_TOKEN_REPLAYED<\/LabErrorCode>/);
      });

      it('accepts the same token in a new message while it lives, as the requesting Exchange reuses it', async () => {
        const encrypted = await delegationToken({ gateway: bed.key('signing/federation-gateway'), targetCertificatePem: bed.key(profile.ownFederationKey).certPem, audience: profile.applicationUri, requesterSmtp: profile.dauth.requester, issuedAt: bed.clock.now });
        assert.equal((await bed.inject(`${ews}/WSSecurity`, wsSecurityAvailability(encrypted, { to, addresses: [profile.dauth.target], now: bed.clock.now }))).statusCode, 200);
        const later = new Date(bed.clock.now.getTime() + 1000);
        const next = await bed.inject(`${ews}/WSSecurity`, wsSecurityAvailability(encrypted, { to, addresses: [profile.dauth.target], now: later }));
        assert.equal(next.statusCode, 200, next.body);
      });
    });
  });
}
