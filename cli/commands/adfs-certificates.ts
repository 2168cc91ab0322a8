import { parseArgs } from 'node:util';
import type { Environment } from '../../shared/config/service-config.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { cliHttpClient } from '../vantage.ts';

/**
 * `lab adfs certificates`: Get-AdfsCertificate -CertificateType Token-Signing.
 * `lab adfs rollover [--phase next|promote|finish]`: one step of the token-signing rollover
 * (docs/federation.md, "Token-signing rollover"), on AD FS's management endpoint — from
 * corp only, as AD FS management is.
 */
export const adfsCertificatesUsage = `usage: lab adfs certificates [--as corp] [--json]
       lab adfs rollover [--phase next|promote|finish] [--as corp] [--json]`;

const management = 'https://fs.contoso.test/adfs/management/token-signing-certificates';

interface CertificateView {
  role: string;
  thumbprint: string;
  subject: string;
  notAfter: string;
}

/** What to do after each phase, so the order that avoids an outage is always on screen. */
const nextSteps: Readonly<Record<string, string>> = {
  next: 'AD FS publishes the new certificate but still signs with the old one. Let the cloud learn it (lab federation refresh <domain>, or its daily check) before --phase promote.',
  promote: 'AD FS now signs with the new certificate and still publishes the old one. The cloud follows at its next metadata check (lab federation refresh <domain>); --phase finish stops publishing the old one.',
  finish: 'AD FS publishes only its primary now; the cloud drops the old certificate at its next metadata check.',
};

function render(certificates: readonly CertificateView[]): string {
  return certificates.map((certificate) => `  ${certificate.role.padEnd(8)}  ${certificate.thumbprint}  ${certificate.subject}, until ${certificate.notAfter}`).join('\n');
}

export async function runAdfsCertificates(args: string[], env: Environment): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { phase: { type: 'string', default: 'next' }, as: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const action = positionals[0];
  if ((action !== 'certificates' && action !== 'rollover') || positionals.length > 1) {
    console.error(adfsCertificatesUsage);
    return 2;
  }
  const http = cliHttpClient(values.as, env);
  try {
    const response =
      action === 'rollover'
        ? await http.request(`${management}/rollover`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phase: values.phase }) })
        : await http.request(management);
    const body = JSON.parse(response.body) as { certificates?: CertificateView[]; error?: string; message?: string };
    if (values.json) console.log(JSON.stringify(body, null, 2));
    if (response.status !== 200) {
      if (!values.json) console.error(`lab adfs ${action}: ${body.error ?? response.status}: ${body.message ?? 'AD FS refused the request'}`);
      return 1;
    }
    if (!values.json) {
      const heading = action === 'rollover' ? `rollover --phase ${values.phase} done; AD FS token-signing certificates:` : 'AD FS token-signing certificates:';
      console.log([heading, render(body.certificates ?? []), ...(action === 'rollover' ? ['', nextSteps[values.phase] ?? ''] : [])].join('\n'));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    console.error(`lab adfs ${action}: ${error.message}${error.hop ? ` (hop: ${error.hop})` : ''}`);
    return 1;
  } finally {
    await http.close();
  }
}
