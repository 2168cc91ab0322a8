import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { KeyPair } from '../../../shared/pki/index.ts';
import { issueSaml11Assertion } from '../../../shared/saml/assertion-1-1.ts';
import { authenticationMethods } from '../../../shared/saml/namespaces.ts';
import { consumerAttacks, type AttackTools } from '../../../shared/saml/test/consumer-attacks.ts';
import { createClientAccessTestBed, ews, findInbox, joe, type ClientAccessTestBed } from './support/client-access-test-bed.ts';
import { adfsIssuer, directory, rstrEnvelope } from './support/fake-credential-service.ts';
import { wrapInRstr2005 } from '../../../shared/saml/ws-trust.ts';

/**
 * Issue 4, acceptance 5, the Basic-auth proxy path (F6): a man in the middle between AD FS
 * and Exchange Online swaps AD FS's freshly signed assertion for each SAML/XML attack of
 * security.md. Whichever consumer meets it first — Exchange Online reading the RSTR, or
 * the SAML bearer grant it hands the assertion to (real verifier; azure-auth's own grant
 * is tested against the same catalogue in services/azure-auth/test) — refuses it: Joe gets
 * 401 `Basic Realm=""`, the diagnostic names the attack's code, and no mailbox is served.
 */
let bed: ClientAccessTestBed;
let adfsKey: KeyPair;
const joeUser = directory.find((user) => user.upn === 'joe@contoso.test')!;
const maryUser = directory.find((user) => user.upn === 'mary@contoso.test')!;

before(async () => {
  bed = await createClientAccessTestBed();
  adfsKey = bed.owa.key('signing/adfs-token-signing');
});
after(() => bed.dispose());
beforeEach(() => {
  bed.service.tamper = undefined;
  bed.owa.clock.now = new Date(bed.owa.clock.now.getTime() + 120_000);
});

function toolsFor(genuine: string): AttackTools {
  const reissue: AttackTools['reissue'] = (signer, claims = {}, options = {}) =>
    issueSaml11Assertion({ immutableId: joeUser.immutableId!, upn: joeUser.upn, authenticationMethod: authenticationMethods.password, insideCorporateNetwork: false, ...claims }, signer, { issuer: adfsIssuer, audience: 'urn:federation:MicrosoftOnline', now: bed.owa.clock.now, ...options });
  return { genuine: () => genuine, reissue, trusted: adfsKey, stranger: bed.owa.key('signing/exchange-online-federation'), now: () => bed.owa.clock.now, victim: { immutableId: maryUser.immutableId!, upn: maryUser.upn } };
}

describe('F6: the Basic-auth proxy path refuses each SAML/XML attack class between AD FS and the cloud', () => {
  for (const attack of consumerAttacks.filter((candidate) => candidate.attackClass !== 'multiple roots')) {
    // Exchange reads at most 128 KiB of an STS answer (client-flows §2.4): an oversized one stops there.
    const code = attack.name.includes('above 256 KiB') ? 'BASIC_STS_BAD_RSTR' : attack.code;
    it(`${attack.attackClass} — ${attack.name}: 401 Basic Realm="", naming ${code}`, async () => {
      bed.service.tamper = (assertion) => attack.build(toolsFor(assertion));
      const response = await ews(bed.app, joe, findInbox());
      assert.equal(response.statusCode, 401, response.body.slice(0, 300));
      assert.equal(response.headers['www-authenticate'], 'Basic Realm=""');
      assert.match(String(response.headers['x-ms-diagnostics']), new RegExp(`\\b${code}\\b`));
      assert.doesNotMatch(response.body, /Vendor call notes/);
    });
  }

  it('multiple roots — a second SOAP envelope after AD FS\'s answer: 401, naming XML_REJECTED', async () => {
    const genuine = toolsFor('').reissue(adfsKey);
    const envelope = rstrEnvelope(wrapInRstr2005(genuine, { created: bed.owa.clock.now, expires: new Date(bed.owa.clock.now.getTime() + 3600_000), audience: 'urn:federation:MicrosoftOnline' }));
    bed.service.stsResponse = () => ({ status: 200, headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: envelope + envelope, correlationId: 'two-roots' });
    try {
      const response = await ews(bed.app, joe, findInbox());
      assert.equal(response.statusCode, 401);
      assert.match(String(response.headers['x-ms-diagnostics']), /\bXML_REJECTED\b/);
    } finally {
      bed.service.stsResponse = undefined;
    }
  });

  it('SAML replay — an assertion AD FS issued once, replayed for a second sign-in: SAML_REPLAYED', async () => {
    let captured = '';
    bed.service.tamper = (assertion) => (captured ||= assertion);
    assert.equal((await ews(bed.app, joe, findInbox())).statusCode, 200);
    bed.owa.clock.now = new Date(bed.owa.clock.now.getTime() + 61_000);
    const replay = await ews(bed.app, joe, findInbox());
    assert.equal(replay.statusCode, 401);
    assert.match(String(replay.headers['x-ms-diagnostics']), /\bSAML_REPLAYED\b/);
  });
});
