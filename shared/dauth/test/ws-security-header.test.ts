import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { childElements } from '../../xml/dom.ts';
import { parseXml } from '../../xml/safe-parse.ts';
import { processDelegationTokenRequest } from '../gateway.ts';
import { extractEncryptedToken } from '../rstr.ts';
import { validateDelegationToken } from '../validate.ts';
import { buildWsSecurityHeader, parseWsSecurityHeader } from '../ws-security-header.ts';
import { cloudValidator, directory, endpoint, keys, now, request } from './support.ts';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const action = 'http://schemas.microsoft.com/exchange/services/2006/messages/GetUserAvailability';
const to = 'https://outlook.office365.test/EWS/Exchange.asmx/WSSecurity';

async function envelope(at: Date = now): Promise<string> {
  const answer = await processDelegationTokenRequest(await request(), { gateway: keys.gateway, endpoint, directory: directory(), now });
  const header = buildWsSecurityHeader({ action, to, encryptedToken: extractEncryptedToken(answer.rstr), now: at });
  return `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Header>${header}</soap:Header><soap:Body/></soap:Envelope>`;
}

const headerOf = (xml: string) => childElements(parseXml(xml).documentElement!, SOAP11, 'Header')[0]!;

describe('the delegation token in the SOAP header of …/WSSecurity requests', () => {
  it('round-trips: the parsed token validates at the receiver', async () => {
    const parsed = parseWsSecurityHeader(headerOf(await envelope()), now);
    assert.equal(parsed.to, to);
    assert.equal(parsed.action, action);
    assert.equal(validateDelegationToken(parsed.encryptedToken, cloudValidator()).domain, 'contoso.test');
  });

  it('refuses a header whose timestamp has expired', async () => {
    const stale = await envelope(new Date(now.getTime() - 11 * 60_000));
    assert.throws(() => parseWsSecurityHeader(headerOf(stale), now), (error: unknown) => error instanceof LabError && error.code === 'DAUTH_STALE_TIMESTAMP');
  });

  it('refuses a header without a token', async () => {
    const bare = (await envelope()).replace(/<xenc:EncryptedData.*<\/xenc:EncryptedData>/, '');
    assert.throws(() => parseWsSecurityHeader(headerOf(bare), now), (error: unknown) => error instanceof LabError && error.code === 'DAUTH_TOKEN_MISSING');
  });
});
