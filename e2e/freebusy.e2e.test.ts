import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StartedDockerComposeEnvironment } from 'testcontainers';
import type { CaptureEntry } from '../services/edge/src/domain/capture.ts';
import type { HopSummary } from '../shared/cross-premises/hops.ts';
import { startComposeLab } from './support/compose-lab.ts';

/**
 * Cross-premises free/busy (F9–F13) on the compose lab, with `lab` in the client
 * containers exactly as a user runs it: the wizard from client-int, then `lab flow` —
 * F10 and F12 from client-int (Mary asks mail.contoso.test), F11 and the cloud → on-premises
 * runs of F12 and F13 from client-ext (Joe asks outlook.office365.test, which comes in
 * through the edge). The edge captures what crosses it, so the DAuth token can be seen as
 * EncryptedData naming nobody while the OAuth token names Mary in clear.
 */
const day = '2026-03-02';

interface FlowJson {
  readonly correlationId: string;
  readonly answer: { readonly kind: string; readonly mailboxes?: readonly { readonly kind: string; readonly responseCode?: string; readonly messageText?: string; readonly busy?: readonly { readonly start: string; readonly subject?: string }[] }[] };
  readonly hops: readonly HopSummary[];
  readonly verdict: { readonly ok: boolean; readonly path: string; readonly problems: readonly string[] };
}

describe('hybrid free/busy on the compose lab (F9–F13)', () => {
  let lab: StartedDockerComposeEnvironment;
  const run = async (container: string, command: string[]) => {
    const result = await lab.getContainer(`${container}-1`).exec(command);
    return { ...result, json: <T>() => JSON.parse(result.stdout) as T };
  };
  const flow = async (container: 'client-int' | 'client-ext', args: string[]) => {
    const result = await run(container, ['lab', 'flow', ...args, '--date', day, '--json']);
    return { exitCode: result.exitCode, output: result.output, json: result.json<FlowJson>() };
  };
  const hybrid = async (...args: string[]) => {
    const result = await run('client-int', ['lab', 'hybrid', ...args]);
    assert.equal(result.exitCode, 0, result.output);
    return result.output;
  };
  const hops = (json: FlowJson): string[] => json.hops.map((hop) => hop.hop);
  /** What the edge captured under a correlation id, read with `lab edge capture` in client-int (the capture is corp only). */
  const capture = async (correlationId: string): Promise<CaptureEntry[]> => {
    const result = await run('client-int', ['lab', 'edge', 'capture', '--correlation-id', correlationId, '--json']);
    assert.equal(result.exitCode, 0, result.output);
    return result.json<{ entries: CaptureEntry[] }>().entries;
  };

  before(async () => {
    lab = await startComposeLab({ LAB_EDGE_CAPTURE: '/autodiscover/,/ews/' });
    const federated = await run('client-int', ['lab', 'federate', 'contoso.test']);
    assert.equal(federated.exitCode, 0, federated.output);
    await hybrid('configure');
  });
  after(async () => {
    await lab?.down({ removeVolumes: true });
  });

  it("F10: lab flow in client-int — Mary sees Joe's subjects over OAuth, hop by hop in seed 003's order", async () => {
    const result = await flow('client-int', ['F10', '--as', 'mary@contoso.test', '--for', 'joe@contoso.test']);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(hops(result.json), ['path-lookup', 'autodiscover-anonymous', 'app-token', 'autodiscover-token', 'ews-token', 'outer-token', 'availability', 'result']);
    assert.deepEqual(result.json.answer.mailboxes?.[0]?.busy?.map((busy) => busy.subject), ['Budget review', 'Lunch with Sam']);
    assert.equal(result.json.hops.find((hop) => hop.hop === 'outer-token')?.token?.user, 'mary@contoso.test');
  });

  it('F10 for Alex right after: no new app-token request and no Autodiscover (EWS URL and token from the caches); times only', async () => {
    const result = await flow('client-int', ['F10', '--as', 'alex@contoso.test', '--for', 'joe@contoso.test']);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(result.json.hops.filter((hop) => hop.cache !== undefined).map((hop) => [hop.hop, hop.cache]), [['autodiscover-token', 'hit'], ['ews-token', 'hit']]);
    assert.deepEqual(result.json.hops.filter((hop) => hop.url).map((hop) => new URL(hop.url!).host), ['outlook.office365.test']);
    assert.deepEqual(result.json.answer.mailboxes?.[0]?.busy?.map((busy) => busy.subject ?? null), [null, null]);
  });

  it('F11: lab flow in client-ext — Joe asks Exchange Online about Mary; OAuth in through the edge', async () => {
    const result = await flow('client-ext', ['F11', '--as', 'joe@contoso.test', '--for', 'mary@contoso.test']);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(hops(result.json), ['path-lookup', 'autodiscover-anonymous', 'app-token', 'autodiscover-token', 'ews-token', 'outer-token', 'availability', 'result']);
    assert.deepEqual(
      result.json.hops.filter((hop) => hop.url).map((hop) => new URL(hop.url!).host),
      ['autodiscover.contoso.test', 'accounts.accesscontrol.windows.test', 'autodiscover.contoso.test', 'accounts.accesscontrol.windows.test', 'mail.contoso.test'],
    );
    assert.deepEqual(result.json.answer.mailboxes?.[0]?.busy?.map((busy) => busy.start.slice(11, 16)), ['09:30', '13:00']);
    const captured = await capture(result.json.correlationId);
    const ews = captured.find((entry) => entry.path === '/EWS/Exchange.asmx')!;
    assert.equal((ews.readable.authorization as unknown as { jwt: { claims: { smtp: string } } }).jwt.claims.smtp, 'joe@contoso.test', 'the OAuth token names Joe in clear at the edge');
  });

  it('F12: IOCs off — Mary gets times only over DAuth; with the cloud’s FreeBusyAccessLevel None a per-mailbox error', async () => {
    await hybrid('set', 'ioc', '--enabled', 'false');
    const result = await flow('client-int', ['F12', '--as', 'mary@contoso.test', '--for', 'joe@contoso.test']);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(hops(result.json), ['path-lookup', 'federation-information', 'delegation-token', 'autodiscover-wssecurity', 'availability-wssecurity', 'result']);
    assert.deepEqual(result.json.answer.mailboxes?.[0]?.busy?.map((busy) => busy.subject ?? null), [null, null]);
    await hybrid('set', 'orgrel', '--level', 'None', '--side', 'online');
    try {
      const refused = await flow('client-int', ['F12', '--as', 'mary@contoso.test', '--for', 'joe@contoso.test']);
      assert.equal(refused.exitCode, 1, refused.output);
      assert.equal(refused.json.answer.mailboxes?.[0]?.responseCode, 'ErrorNoFreeBusyAccess');
    } finally {
      await hybrid('set', 'orgrel', '--level', 'LimitedDetails', '--side', 'online');
    }
  });

  it('F12 cloud → on-premises: the edge sees the DAuth token as EncryptedData naming nobody', async () => {
    const result = await flow('client-ext', ['F12', '--as', 'joe@contoso.test', '--for', 'mary@contoso.test']);
    assert.equal(result.exitCode, 0, result.output);
    const secured = (await capture(result.json.correlationId)).filter((entry) => /wssecurity$/i.test(entry.path));
    assert.equal(secured.length, 2, JSON.stringify(secured.map((entry) => entry.path)));
    for (const entry of secured) assert.deepEqual(entry.readable.wsSecurity, { parsed: true, encryptedData: true, addresses: [] });
  });

  it('F13: no IOC, no OrgRel — the cloud’s address space with migadmin answers over Basic; a wrong password names the failure', async () => {
    await hybrid('set', 'orgrel', '--enabled', 'false', '--side', 'online');
    try {
      await hybrid('address-space', 'add', '--side', 'online', '--forest', 'contoso.test', '--user', 'migadmin@contoso.test', '--password', 'Mig!Lab2026');
      const result = await flow('client-ext', ['F13', '--as', 'joe@contoso.test', '--for', 'mary@contoso.test']);
      assert.equal(result.exitCode, 0, result.output);
      assert.deepEqual(hops(result.json), ['path-lookup', 'autodiscover-basic', 'availability-basic', 'result']);
      await hybrid('address-space', 'add', '--side', 'online', '--forest', 'contoso.test', '--user', 'migadmin@contoso.test', '--password', 'wrong');
      const refused = await flow('client-ext', ['F13', '--as', 'joe@contoso.test', '--for', 'mary@contoso.test']);
      assert.equal(refused.exitCode, 1);
      assert.match(refused.json.answer.mailboxes?.[0]?.messageText ?? '', /the service account migadmin@contoso\.test was refused/);
    } finally {
      await hybrid('address-space', 'remove', '--side', 'online', '--forest', 'contoso.test');
      await hybrid('set', 'orgrel', '--enabled', 'true', '--side', 'online');
      await hybrid('set', 'ioc', '--enabled', 'true');
    }
  });
});
