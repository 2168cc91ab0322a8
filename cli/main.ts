/**
 * The `lab` command-line tool (design §7), in the client containers and on the host.
 *   lab status [--as internet|corp] [--json]   resolve every lab name and call its health endpoint
 *   lab flow F10|F11|F12|F13 …                  cross-premises free/busy, with the journey (commands/flow.ts)
 *   lab version
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError } from '../shared/errors/lab-error.ts';
import { loadLabCa } from '../shared/pki/index.ts';
import { collectStatus, renderStatus } from './commands/status.ts';
import { runAd } from './commands/ad.ts';
import { runAdfs } from './commands/adfs.ts';
import { runEdge } from './commands/edge.ts';
import { runFederation } from './commands/federation.ts';
import { runFlow } from './commands/flow.ts';
import { runHybrid } from './commands/hybrid.ts';
import { runSync } from './commands/sync.ts';
import { runTenant } from './commands/tenant.ts';
import { runToken } from './commands/token.ts';
import { cliVantage } from './vantage.ts';

const usage = `usage: lab <command> [options]

commands:
  status [--as internet|corp] [--json]   resolve every lab name from here, call its health
                                         endpoint over verified TLS, show who answered
  ad set-password <user> <password>      reset a user's password in AD (LDAPS, as Administrator)
  ad disable <user> | ad enable <user>   disable or enable an AD account
  adfs account-activity <user>           AD FS extranet lockout counters and familiar IPs (corp)
  adfs reset-lockout <user> [--location familiar|unknown]
                                         reset AD FS extranet lockout counters (corp)
  adfs certificates                      AD FS's token-signing certificates (corp)
  adfs rollover [--phase next|promote|finish]
                                         one step of the token-signing certificate rollover (corp)
  edge capture [--correlation-id ID] [--json]
                                         what the edge captured of published requests (LAB_EDGE_CAPTURE; corp)
  federate <domain>                      AD FS registers itself with the cloud for a domain (corp)
  federation show <domain>               AD FS's and the cloud's federation settings side by side
  federation refresh <domain>            the cloud checks the domain's federation metadata now
  flow F10|F11|F12|F13 [--as <user>] [--for <mailbox>[,…]] [--password P] [--date YYYY-MM-DD]
       [--view DetailedMerged|…] [--from internet|corp] [--json]
                                         a user asks their own Exchange for free/busy (EWS
                                         GetUserAvailability), then the hops that Exchange took
                                         to the other organization, checked against the flow's path
  hybrid configure [--no-ioc]            the hybrid wizard (F9), idempotent: OAuth, IOCs, federation
                                         trusts, OrganizationRelationships on both sides (corp)
  hybrid show [--json]                   both Exchanges' hybrid objects, Get-cmdlet style (corp)
  hybrid set ioc --enabled true|false [--side onprem|online|both]
                                         the IntraOrganizationConnectors on or off (corp)
  hybrid set orgrel [--enabled true|false] [--level None|AvailabilityOnly|LimitedDetails]
       [--side onprem|online|both]       the OrganizationRelationships on or off, their
                                         FreeBusyAccessLevel (corp)
  hybrid address-space add --side onprem|online --forest <domain> --user <upn> --password <p>
       [--access-method OrgWideFB|…] [--autodiscover <url>]
                                         Add-AvailabilityAddressSpace, the legacy path of F13 (corp)
  hybrid address-space remove --side onprem|online --forest <domain>
                                         Remove-AvailabilityAddressSpace (corp)
  sync now [--delta|--full|--passwords]  run a directory sync cycle now (dirsync, on corp)
  sync runs                              recent sync runs and their summaries
  tenant user add <upn> --display-name N --password P [--mail M]
                                         create a cloud user (as the tenant's global admin)
  tenant user list                       list the tenant's users
  token --user U --password P [--resource R]
                                         sign in with the password grant, verify the token, show its claims
  version                                print the lab and Node versions

settings: LAB_CERTS_DIR (default ./certs, /app/certs in containers), LAB_CONTAINER (set in the client containers)`;

async function main(argv: string[]): Promise<number> {
  // Commands with their own options parse them themselves.
  const commands: Record<string, (args: string[], env: typeof process.env) => Promise<number>> = {
    ad: runAd,
    adfs: runAdfs,
    edge: runEdge,
    federate: (args, env) => runFederation('federate', args, env),
    federation: (args, env) => runFederation('federation', args, env),
    flow: runFlow,
    hybrid: runHybrid,
    sync: runSync,
    tenant: runTenant,
    token: runToken,
  };
  const own = commands[argv[0] ?? ''];
  if (own) return own(argv.slice(1), process.env);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { as: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    console.log(usage);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command === 'version') {
    console.log(`hybrid-lab 0.1.0 on Node ${process.version}`);
    return 0;
  }
  if (command === 'status') {
    const vantage = cliVantage(values.as, process.env);
    const rows = await collectStatus(vantage, loadLabCa(resolve(process.env.LAB_CERTS_DIR ?? 'certs')));
    console.log(values.json ? JSON.stringify({ from: vantage.from, networks: vantage.networks, rows }, null, 2) : renderStatus(vantage, rows));
    return 0;
  }
  console.error(`lab: unknown command "${command}"\n\n${usage}`);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))) {
    console.error(`lab: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
