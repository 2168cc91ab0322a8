import { parseArgs } from 'node:util';
import type { CaptureEntry } from '../../services/edge/src/domain/capture.ts';
import type { Environment } from '../../shared/config/service-config.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { cliHttpClient } from '../vantage.ts';

/**
 * `lab edge capture [--correlation-id ID] [--json]`: what the edge captured of the
 * requests it published (LAB_EDGE_CAPTURE; docs/hybrid.md "Looking at the wire at the
 * edge"), read on corp from `https://proxy.contoso.test/_lab/capture`: per request the
 * rule that let it in and what a reader in the middle sees of its credentials — a Basic
 * password in clear, an OAuth token's claims (aud, smtp, the actor token's issuer), or a
 * DAuth token that is EncryptedData naming nobody.
 */
export const edgeUsage = 'usage: lab edge capture [--correlation-id <id>] [--json] [--as corp]';

function describe(entry: CaptureEntry): string {
  const readable = entry.readable;
  const lines = [`${entry.at}  ${entry.method} https://${entry.host}${entry.path}  ${entry.decision.action} by ${entry.decision.rule}  (${entry.correlationId})`];
  const authorization = readable.authorization;
  if (authorization && 'userName' in authorization) lines.push(`    Authorization: Basic, user ${authorization.userName}, password in clear`);
  if (authorization && 'jwt' in authorization) {
    const jwt = authorization.jwt;
    lines.push(jwt ? `    Authorization: Bearer JWT (alg ${jwt.alg}${jwt.signed ? ', signed' : ', unsigned'}) ${JSON.stringify(jwt.claims)}` : '    Authorization: Bearer, not a JWT');
    if (jwt?.actorToken) lines.push(`      actor token (alg ${jwt.actorToken.alg}${jwt.actorToken.signed ? ', signed' : ''}) ${JSON.stringify(jwt.actorToken.claims)}`);
  }
  const security = readable.wsSecurity;
  if (security) lines.push(security.parsed ? `    wsse:Security: ${security.encryptedData ? 'xenc:EncryptedData' : 'no EncryptedData'}, readable addresses: ${security.addresses.join(', ') || 'none'}` : `    wsse:Security: ${security.problem}`);
  lines.push(`    readable addresses: ${readable.addresses.join(', ') || 'none'}`);
  return lines.join('\n');
}

export async function runEdge(args: string[], env: Environment): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'correlation-id': { type: 'string' }, json: { type: 'boolean', default: false }, as: { type: 'string' } } });
  if (positionals.length !== 1 || positionals[0] !== 'capture') {
    console.error(edgeUsage);
    return 2;
  }
  const http = cliHttpClient(values.as, env);
  try {
    const query = values['correlation-id'] ? `?correlationId=${encodeURIComponent(values['correlation-id'])}` : '';
    const response = await http.request(`https://proxy.contoso.test/_lab/capture${query}`);
    if (response.status !== 200) {
      console.error(`lab edge capture: the edge answered HTTP ${response.status}: ${response.body.slice(0, 300)} (the capture is read on corp only)`);
      return 1;
    }
    const view = JSON.parse(response.body) as { enabled: boolean; entries: CaptureEntry[] };
    if (values.json) console.log(JSON.stringify(view, null, 2));
    else if (!view.enabled) console.log('the edge captures nothing: start the lab with LAB_EDGE_CAPTURE=on (or a list of path prefixes)');
    else console.log(view.entries.length ? view.entries.map(describe).join('\n') : 'nothing captured yet');
    return view.enabled ? 0 : 1;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`lab edge capture: ${error.message}`);
    return 1;
  } finally {
    await http.close();
  }
}
