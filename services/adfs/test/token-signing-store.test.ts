import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { issueCertificate, type KeyPair } from '../../../shared/pki/index.ts';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { thumbprintOf, TokenSigningStore } from '../src/domain/token-signing/certificate-store.ts';
import { publishedCertificates, rollover, type RolloverPhase } from '../src/domain/token-signing/rollover.ts';
import { openCertificateDatabase } from '../src/domain/token-signing/schema.ts';

/**
 * AD FS's token-signing certificates in its database: the primary imported once, the
 * rollover phases in their only valid order, and the state surviving a restart.
 */
const ca = issueCertificate({ commonName: 'test CA', usage: 'ca', validDays: 30 });
const signing = (name: string): KeyPair => issueCertificate({ commonName: name, usage: 'signing', validDays: 30, issuer: ca });
const original = signing('ADFS Signing - original');
const grace = 3600;
const now = new Date('2026-03-01T10:00:00Z');
let dir: string;

function open(): { store: TokenSigningStore; close(): void } {
  const database = openCertificateDatabase(dir);
  return { store: new TokenSigningStore(database), close: () => database.close() };
}

function step(store: TokenSigningStore, phase: RolloverPhase, issued: KeyPair = signing('ADFS Signing - next')): void {
  rollover(phase, { store, issue: () => issued, now });
}

function refusedWith(code: string) {
  return (error: unknown) => error instanceof LabError && error.code === code && error.statusCode === 409;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-adfs-certs-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the token-signing certificate store', () => {
  it('imports the catalogue certificate as primary on the first start only', () => {
    const { store, close } = open();
    assert.equal(store.initialize(original, now), true);
    assert.equal(store.initialize(signing('another'), now), false);
    assert.equal(store.primary().thumbprint, thumbprintOf(original.certPem));
    assert.equal(store.secondary(), undefined);
    close();
  });

  it('runs next → promote → finish: the new certificate is published, then signs, then stands alone', () => {
    const { store, close } = open();
    store.initialize(original, now);
    const next = signing('ADFS Signing - next');
    step(store, 'next', next);
    assert.deepEqual([store.primary().thumbprint, store.secondary()?.role, store.secondary()?.thumbprint], [thumbprintOf(original.certPem), 'next', thumbprintOf(next.certPem)]);
    step(store, 'promote');
    assert.deepEqual([store.primary().thumbprint, store.secondary()?.role, store.secondary()?.thumbprint], [thumbprintOf(next.certPem), 'previous', thumbprintOf(original.certPem)]);
    assert.equal(store.primary().keyPem, next.keyPem);
    step(store, 'finish');
    assert.deepEqual([store.primary().thumbprint, store.secondary()], [thumbprintOf(next.certPem), undefined]);
    close();
  });

  it('refuses phases out of order with 409 and a code naming why', () => {
    const { store, close } = open();
    store.initialize(original, now);
    assert.throws(() => step(store, 'promote'), refusedWith('ROLLOVER_NO_NEXT'));
    assert.throws(() => step(store, 'finish'), refusedWith('ROLLOVER_NOTHING_TO_FINISH'));
    step(store, 'next');
    assert.throws(() => step(store, 'next'), refusedWith('ROLLOVER_NEXT_EXISTS'));
    assert.throws(() => step(store, 'finish'), refusedWith('ROLLOVER_NOT_PROMOTED'));
    step(store, 'promote');
    assert.throws(() => step(store, 'next'), refusedWith('ROLLOVER_PREVIOUS_PUBLISHED'));
    assert.throws(() => step(store, 'promote'), refusedWith('ROLLOVER_NO_NEXT'));
    close();
  });

  it('keeps a rollover half-way through across a restart', () => {
    const first = open();
    first.store.initialize(original, now);
    const next = signing('ADFS Signing - next');
    step(first.store, 'next', next);
    first.close();
    const second = open();
    assert.equal(second.store.initialize(signing('catalogue re-issued meanwhile'), now), false);
    assert.deepEqual([second.store.primary().thumbprint, second.store.secondary()?.thumbprint], [thumbprintOf(original.certPem), thumbprintOf(next.certPem)]);
    second.close();
  });

  it('publishes the previous certificate for its grace period, then no more', () => {
    const { store, close } = open();
    store.initialize(original, now);
    step(store, 'next');
    step(store, 'promote');
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    assert.deepEqual(publishedCertificates(store, later(grace - 1), grace).map((certificate) => certificate.role), ['primary', 'previous']);
    assert.deepEqual(publishedCertificates(store, later(grace), grace).map((certificate) => certificate.role), ['primary']);
    assert.equal(store.secondary(), undefined);
    close();
  });

  it('never drops a next certificate for age: only a previous one has a grace period', () => {
    const { store, close } = open();
    store.initialize(original, now);
    step(store, 'next');
    assert.deepEqual(publishedCertificates(store, new Date(now.getTime() + 10 * grace * 1000), grace).map((certificate) => certificate.role), ['primary', 'next']);
    close();
  });
});
