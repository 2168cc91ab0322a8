import { createCrossPremisesSetup } from '../../../shared/cross-premises/availability-client.ts';
import { onpremRedirects } from '../../../shared/autodiscover/hybrid-users.ts';
import { onpremFederationDefaults } from '../../../shared/hybrid-config/federation-information.ts';
import { openHybridConfigStore, type HybridConfigStore } from '../../../shared/hybrid-config/store.ts';
import { checkDirectoryPassword } from '../../../shared/ldap/directory-logon.ts';
import { openMailboxStore, type MailboxStore } from '../../../shared/mailbox/index.ts';
import { ConnectionChallenges } from '../../../shared/ntlm/server/connection-challenges.ts';
import { createNetlogonVerifier, netlogonHop, type WindowsLogonVerifier } from '../../../shared/ntlm/server/netlogon-verifier.ts';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { defaultOnpremRelationships } from '../../../shared/partner-access/organization-relationships.ts';
import { createPartnerReceivers, type PartnerReceiverOptions } from '../../../shared/partner-access/partner-receivers.ts';
import type { ServiceContext, ServiceDefinition } from '../../../shared/service/definition.ts';
import { onpremSettings, type OnpremSettings } from './config.ts';
import type { PasswordCheck } from './domain/client-access/authenticate.ts';
import { onpremMailboxOwners } from './domain/onprem-mailboxes.ts';
import { registerClientAccess } from './routes/client-access/index.ts';
import { registerOnpremHybridAdmin } from './routes/hybrid-admin/index.ts';
import { addressOf } from '../../../shared/topology/index.ts';

/**
 * The exchange-onprem service (docs/hybrid.md): the on-premises mailboxes and calendars
 * (seeded on first start, persistent in its state directory), EWS GetUserAvailability,
 * Autodiscover (POX, SOAP, the auth metadata) with Basic checked by the dc over LDAPS or
 * NTLM checked by the dc's NETLOGON pass-through, and
 * the hybrid management endpoints (`/hybrid-admin/…`, corp only; flow F9).
 * Errors default to SOAP 1.1 faults, the envelope EWS and Autodiscover SOAP speak.
 */
export interface ExchangeOnpremOptions extends PartnerReceiverOptions {
  /** The clock (tests freeze it); the system clock by default. */
  readonly now?: () => Date;
  /** Where Basic passwords are checked; by default the dc over LDAPS from this service's vantage. */
  readonly passwordCheck?: (context: ServiceContext, settings: OnpremSettings) => PasswordCheck;
  /** Where NTLM responses are checked; by default the dc's NETLOGON pass-through over HTTPS. */
  readonly windowsLogon?: (context: ServiceContext, settings: OnpremSettings) => WindowsLogonVerifier;
}

const ldapPasswordCheck = (context: ServiceContext, settings: OnpremSettings): PasswordCheck => (userName, password) =>
  checkDirectoryPassword(context.vantage, context.tls.ca, settings.directory, userName, password);

const service = 'exchange-onprem';

const netlogonVerifier = (context: ServiceContext, settings: OnpremSettings): WindowsLogonVerifier =>
  createNetlogonVerifier(context.http, settings.directory.host, settings.directory.timeoutMs, service);

export function createExchangeOnpremService(options: ExchangeOnpremOptions = {}): ServiceDefinition {
  const now = options.now ?? (() => new Date());
  let opened: { readonly mailboxes: MailboxStore; readonly hybrid: HybridConfigStore } | undefined;
  return {
    container: service,
    errorFormat: 'soap11',
    async register(app, context) {
      const seed = loadSeed(context.config.seedFile);
      const settings = onpremSettings(seed);
      const mailboxes = openMailboxStore(context.config.stateDir);
      const hybrid = openHybridConfigStore(context.config.stateDir, onpremFederationDefaults(seed));
      app.addHook('onClose', async () => {
        mailboxes.close();
        hybrid.close();
      });
      const created = mailboxes.seed(seed, onpremMailboxOwners(seed), now());
      if (created) context.logger.info({ mailboxes: created }, 'seeded the on-premises mailboxes');
      opened = { mailboxes, hybrid };
      const authCertificatePem = loadKeyPair(context.config.certsDir, settings.authCertificate).certPem;
      const checkPassword = (options.passwordCheck ?? ldapPasswordCheck)(context, settings);
      const windows = {
        acceptor: { ...settings.windows, challenges: new ConnectionChallenges(), logon: (options.windowsLogon ?? netlogonVerifier)(context, settings), clock: now },
        passThroughHop: netlogonHop(service, settings.directory.host),
      };
      const edgeAddress = addressOf('edge', 'corp', context.config.plan);
      const partner = createPartnerReceivers(
        { certsDir: context.config.certsDir, http: context.http, hybrid, tenantId: seed.tenant.id, hostnames: [settings.host, 'autodiscover.contoso.test'], federationCertificate: 'signing/exchange-onprem-federation', defaultRelationships: defaultOnpremRelationships(seed), now },
        options,
      );
      const redirects = onpremRedirects(seed);
      const crossPremises = createCrossPremisesSetup(context, {
        service: 'exchange-onprem',
        hybrid,
        redirects,
        tenantId: seed.tenant.id,
        authCertificate: settings.authCertificate,
        federationCertificate: 'signing/exchange-onprem-federation',
        now,
      });
      await registerClientAccess(app, { settings, mailboxes, redirects, checkPassword, windows, edgeAddress, hybrid, authCertificatePem, partner, crossPremises, now });
      registerOnpremHybridAdmin(app, hybrid, { edgeAddress, checkPassword, seed });
    },
    state: () =>
      opened && {
        mailboxes: opened.mailboxes.mailboxes().map((mailbox) => mailbox.primarySmtpAddress),
        federation: opened.hybrid.federation() ?? null,
      },
  };
}

export const exchangeOnpremService: ServiceDefinition = createExchangeOnpremService();
