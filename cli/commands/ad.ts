import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Attribute, Change, EqualityFilter, OrFilter, ResultCodeError, type Client } from 'ldapts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { openLdaps } from '../../shared/ldap/client.ts';
import { loadLabCa } from '../../shared/pki/index.ts';
import { loadSeed, type SeedActiveDirectory } from '../../shared/seed/seed.ts';
import { cliVantage } from '../vantage.ts';

/**
 * `lab ad set-password <user> <password>`, `lab ad disable <user>`, `lab ad enable <user>`:
 * what an administrator does in "Active Directory Users and Computers", done over
 * LDAPS to dc.contoso.test as CONTOSO\Administrator, trusting the lab CA only.
 * <user> is a sAMAccountName or a UPN.
 */
const usage = 'usage: lab ad set-password <sAMAccountName|UPN> <new password> | lab ad disable <user> | lab ad enable <user>  [--as corp] [--admin-password <pw>]';
const accountDisable = 0x2;

interface Target {
  readonly dn: string;
  readonly userAccountControl: number;
}

async function findUser(client: Client, ad: SeedActiveDirectory, name: string): Promise<Target> {
  const filter = new OrFilter({ filters: [new EqualityFilter({ attribute: 'sAMAccountName', value: name }), new EqualityFilter({ attribute: 'userPrincipalName', value: name })] });
  const { searchEntries } = await client.search(ad.baseDn, { scope: 'sub', filter, attributes: ['userAccountControl'] });
  const entry = searchEntries[0];
  if (!entry) throw new LabError({ code: 'NO_SUCH_USER', statusCode: 404, message: `no user ${name} in ${ad.forest}` });
  return { dn: entry.dn, userAccountControl: Number(entry.userAccountControl) };
}

/** A password reset: replace unicodePwd with the quoted password in UTF-16LE ([MS-ADTS] §3.1.1.3.1.5.1). */
async function setPassword(client: Client, target: Target, password: string): Promise<string> {
  const value = Buffer.from(`"${password}"`, 'utf16le');
  await client.modify(target.dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'unicodePwd', values: [value] }) }));
  return `password of ${target.dn} reset`;
}

async function setEnabled(client: Client, target: Target, enabled: boolean): Promise<string> {
  const userAccountControl = enabled ? target.userAccountControl & ~accountDisable : target.userAccountControl | accountDisable;
  await client.modify(target.dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: [String(userAccountControl)] }) }));
  return `${target.dn} ${enabled ? 'enabled' : 'disabled'} (userAccountControl ${userAccountControl})`;
}

function administratorPassword(ad: SeedActiveDirectory, given: string | undefined): string {
  const password = given ?? ad.users.find((user) => user.sAMAccountName.toLowerCase() === 'administrator')?.password;
  if (password === undefined) throw new LabError({ code: 'NO_ADMIN_PASSWORD', statusCode: 400, message: 'the seed has no Administrator; pass --admin-password' });
  return password;
}

export async function runAd(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' }, 'admin-password': { type: 'string' } } });
  const [action, user, password, ...extra] = positionals;
  const arity = action === 'set-password' ? 3 : action === 'disable' || action === 'enable' ? 2 : 0;
  if (arity === 0 || positionals.length !== arity || user === undefined || extra.length) {
    console.error(usage);
    return 2;
  }
  const ad = loadSeed(env.LAB_SEED).activeDirectory;
  const client = await openLdaps(cliVantage(values.as, env), { host: `dc.${ad.forest}`, ca: loadLabCa(resolve(env.LAB_CERTS_DIR ?? 'certs')) });
  try {
    await client.bind(`${ad.netbios}\\Administrator`, administratorPassword(ad, values['admin-password']));
    const target = await findUser(client, ad, user);
    console.log(action === 'set-password' ? await setPassword(client, target, password!) : await setEnabled(client, target, action === 'enable'));
    return 0;
  } catch (error) {
    if (error instanceof ResultCodeError) {
      console.error(`lab ad: the dc refused: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await client.unbind();
  }
}
