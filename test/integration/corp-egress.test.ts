import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LabError } from '../../shared/errors/lab-error.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { startTestLab } from '../support/in-process-lab.ts';

describe('corp services reach the internet only through the edge proxy', () => {
  let lab: Awaited<ReturnType<typeof startTestLab>>;

  before(async () => {
    lab = await startTestLab();
  });
  after(async () => {
    await lab?.dispose();
  });

  const dirsync = () => lab.services.get('dirsync')!.context;

  it('dirsync cannot open a direct connection to an address on the internet network', async () => {
    await assert.rejects(dirsync().http.request(`https://${addressOf('azure-auth', 'internet', localPlan)}/_lab/health`), (error: unknown) => {
      assert.ok(error instanceof LabError);
      assert.equal(error.code, 'NO_ROUTE');
      assert.match(error.message, /dirsync has no route to 127\.18\.0\.10/);
      return true;
    });
  });

  it('dirsync reaches the cloud by name through proxy.contoso.test, and the edge logs its decision', async () => {
    const response = await dirsync().http.request('https://adminwebservice.microsoftonline.test/_lab/health', { correlationId: 'egress-test-1' });
    assert.equal(response.status, 200);
    assert.equal(JSON.parse(response.body).container, 'azure-auth');
    const decisions = lab.services.get('edge')!.context.trace.recent().filter((event) => event.kind === 'decision');
    assert.ok(
      decisions.some((event) => event.summary.direction === 'outbound' && event.summary.host === 'adminwebservice.microsoftonline.test' && event.summary.action === 'allow' && event.summary.rule === 'proxy-everything'),
      'the edge recorded the CONNECT with the rule that allowed it',
    );
  });

  it('azure-auth, on the internet, cannot resolve or reach a corp name', async () => {
    await assert.rejects(lab.services.get('azure-auth')!.context.http.request('https://dc.contoso.test/_lab/health'), (error: unknown) => {
      assert.ok(error instanceof LabError);
      assert.equal(error.code, 'DNS_NOT_FOUND');
      return true;
    });
  });

  it('the edge proxy answers a malformed CONNECT with 400 and a plain GET with 405', async () => {
    const { connect } = await import('node:net');
    const ask = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(8080, addressOf('edge', 'corp', localPlan));
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
        socket.write(text);
      });
    assert.match(await ask('CONNECT nonsense HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request[\s\S]*CONNECT needs host:port/);
    assert.match(await ask('GET http://example.test/ HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 405[\s\S]*only CONNECT is supported/);
  });

  it('the edge proxy refuses a name that does not exist on the internet with 502', async () => {
    const { connect } = await import('node:net');
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(8080, addressOf('edge', 'corp', localPlan));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.write('CONNECT dc.contoso.test:443 HTTP/1.1\r\nHost: dc.contoso.test:443\r\n\r\n');
    });
    assert.match(reply, /^HTTP\/1\.1 502 Bad Gateway[\s\S]*dc\.contoso\.test does not resolve on the internet/);
  });
});
