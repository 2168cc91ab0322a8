import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issueClaims, toAssertionClaims } from '../src/domain/issue-claims.ts';
import { claimTypes, findRelyingPartyTrust, microsoftOnline, relyingPartyTrusts, type RelyingPartyTrust } from '../src/domain/relying-parties.ts';
import { passwordAuthentication } from '../src/domain/request-context.ts';

const mary = { objectGUID: '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71', userPrincipalName: 'mary@contoso.test' };
const corp = { insideCorporateNetwork: true, authnMethodsReference: passwordAuthentication.authnMethodsReference };

describe('relying party trusts and issuance rules', () => {
  it('finds the Microsoft Online trust by its identifier, in any case, and nothing else', () => {
    assert.equal(findRelyingPartyTrust(relyingPartyTrusts, 'URN:federation:MicrosoftOnline'), microsoftOnline);
    assert.equal(findRelyingPartyTrust(relyingPartyTrusts, 'urn:federation:MicrosoftOnline:evil'), undefined);
  });

  it('issues NameIdentifier and ImmutableID from objectGUID, the UPN, insidecorporatenetwork and authnmethodsreferences', () => {
    assert.deepEqual(Object.fromEntries(issueClaims(microsoftOnline, mary, corp)), {
      [claimTypes.nameIdentifier]: 'Hk8qbTyLWk6fECs8TV5vcQ==',
      [claimTypes.immutableId]: 'Hk8qbTyLWk6fECs8TV5vcQ==',
      [claimTypes.upn]: 'mary@contoso.test',
      [claimTypes.insideCorporateNetwork]: 'true',
      [claimTypes.authnMethodsReferences]: passwordAuthentication.authnMethodsReference,
    });
  });

  it('hands the toolkit its claims, with authnmethodsreferences as an extra attribute', () => {
    const claims = toAssertionClaims(issueClaims(microsoftOnline, mary, { ...corp, insideCorporateNetwork: false }), passwordAuthentication.samlAuthenticationMethod);
    assert.deepEqual(claims, {
      immutableId: 'Hk8qbTyLWk6fECs8TV5vcQ==',
      upn: 'mary@contoso.test',
      authenticationMethod: 'urn:oasis:names:tc:SAML:1.0:am:password',
      insideCorporateNetwork: false,
      extraAttributes: { [claimTypes.authnMethodsReferences]: [passwordAuthentication.authnMethodsReference] },
    });
  });

  it('refuses a trust whose NameIdentifier rule does not issue the ImmutableID (the SAML 1.1 subject is the ImmutableID)', () => {
    const misconfigured: RelyingPartyTrust = {
      ...microsoftOnline,
      issuanceRules: microsoftOnline.issuanceRules.map((rule) => (rule.claimType === claimTypes.nameIdentifier ? { claimType: rule.claimType, from: { directory: 'userPrincipalName' } } : rule)),
    };
    assert.throws(() => toAssertionClaims(issueClaims(misconfigured, mary, corp), passwordAuthentication.samlAuthenticationMethod), /NameIdentifier rule must issue the ImmutableID/);
  });
});
