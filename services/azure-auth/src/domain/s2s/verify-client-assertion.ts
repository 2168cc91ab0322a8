import { verify } from 'node:crypto';
import { publicKeyOfCertificate } from '../../../../../shared/pki/key-objects.ts';
import { decodeCompactJwt, type DecodedJwt } from '../../../../../shared/s2s/compact-jwt.ts';
import { readNumericDate } from '../../../../../shared/s2s/numeric-date.ts';
import { stsAssertionAudience } from '../../../../../shared/s2s/principals.ts';
import type { ServicePrincipalStore } from './service-principals.ts';
import { invalidClient, invalidSignature } from './sts-errors.ts';

/**
 * Checks a self-signed client assertion ([MS-XOAUTH] 3.2.5.2, server-flows §1.2–1.3) as
 * ordered steps: a JWT, RS256 only and no key in the header, signed by a certificate
 * REGISTERED as a `Verify` key credential on the principal `client_id` names (looked up
 * by `x5t`, nothing taken from the token), `iss` = `nameid` = `client_id`, addressed to
 * the ACS principal at this tenant, within nbf/exp (300 s skew, the Microsoft default).
 */
export interface AssertionCheck {
  readonly assertion: string;
  /** `client_id` as sent: `<appId>@<tenantId>`. */
  readonly clientId: string;
  readonly appId: string;
  readonly tenantId: string;
  readonly principals: ServicePrincipalStore;
  readonly now: Date;
}

type Step = (check: AssertionCheck, jwt: DecodedJwt) => void;

const clockSkewSeconds = 300;

const pinAlgorithm: Step = (_check, jwt) => {
  if (jwt.header.alg !== 'RS256') throw invalidClient('AADSTS50027', `Invalid JWT token. The client assertion's alg is ${JSON.stringify(jwt.header.alg)}; only RS256 is accepted.`);
  for (const parameter of ['jwk', 'jku', 'x5u', 'x5c']) {
    if (parameter in jwt.header) throw invalidClient('AADSTS50027', `Invalid JWT token. The client assertion carries its own key (${parameter}); keys come only from the application's registered key credentials.`);
  }
};

const verifyWithRegisteredKey: Step = (check, jwt) => {
  const x5t = typeof jwt.header.x5t === 'string' ? jwt.header.x5t : '';
  const credential = x5t ? check.principals.keyCredential(check.appId, x5t) : undefined;
  if (!credential) throw invalidSignature(`The key was not found.`, x5t);
  const now = check.now.getTime();
  if (now < credential.startAt || now > credential.endAt) throw invalidSignature('The key is outside its validity period.', x5t);
  if (!verify('sha256', Buffer.from(jwt.signingInput, 'ascii'), publicKeyOfCertificate(credential.certificatePem), Buffer.from(jwt.signature, 'base64url'))) {
    throw invalidSignature('The signature does not verify with the registered key.', x5t);
  }
};

const checkIssuer: Step = (check, jwt) => {
  const { iss, nameid } = jwt.claims;
  if (iss !== check.clientId || nameid !== check.clientId) {
    throw invalidClient('AADSTS700021', `Client assertion application identifier doesn't match 'client_id' parameter: iss ${JSON.stringify(iss)} and nameid ${JSON.stringify(nameid)} must both be ${check.clientId}.`);
  }
};

const checkAudience: Step = (check, jwt) => {
  const expected = stsAssertionAudience(check.tenantId);
  if (jwt.claims.aud !== expected) throw invalidClient('AADSTS700023', `Client assertion audience claim does not match Realm issuer: aud is ${JSON.stringify(jwt.claims.aud)}, expected ${expected}.`);
};

const checkLifetime: Step = (check, jwt) => {
  const nbf = readNumericDate(jwt.claims.nbf);
  const exp = readNumericDate(jwt.claims.exp);
  const now = check.now.getTime() / 1000;
  if (nbf === undefined || exp === undefined) throw invalidClient('AADSTS700024', 'Client assertion is not within its valid time range: nbf and exp are required.');
  if (now + clockSkewSeconds < nbf || now - clockSkewSeconds >= exp) {
    throw invalidClient('AADSTS700024', `Client assertion is not within its valid time range. Current time: ${check.now.toISOString()}, assertion valid from ${new Date(nbf * 1000).toISOString()}, expiry time of assertion ${new Date(exp * 1000).toISOString()}.`);
  }
};

const steps: readonly Step[] = [pinAlgorithm, verifyWithRegisteredKey, checkIssuer, checkAudience, checkLifetime];

export function verifyClientAssertion(check: AssertionCheck): void {
  const jwt = decodeCompactJwt(check.assertion);
  if (!jwt) throw invalidClient('AADSTS50027', 'Invalid JWT token. The client assertion is not a compact JWT.');
  for (const step of steps) step(check, jwt);
}
