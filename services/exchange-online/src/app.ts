import { createCrossPremisesSetup } from '../../../shared/cross-premises/availability-client.ts';
import { cloudRedirects } from '../../../shared/autodiscover/hybrid-users.ts';
import { onlineFederationDefaults } from '../../../shared/hybrid-config/federation-information.ts';
import { openHybridConfigStore } from '../../../shared/hybrid-config/store.ts';
import { openMailboxStore, type MailboxStore } from '../../../shared/mailbox/index.ts';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { defaultOnlineRelationships } from '../../../shared/partner-access/organization-relationships.ts';
import { createPartnerReceivers, type PartnerReceiverOptions } from '../../../shared/partner-access/partner-receivers.ts';
import type { ServiceDefinition } from '../../../shared/service/definition.ts';
import type { Database } from '../../../shared/store/database.ts';
import { clientAccessSettings, owaSettings } from './config.ts';
import { createAzureAuthClient } from './domain/azure-auth-client.ts';
import { createCredentialCache, type CredentialCache } from './domain/client-access/credential-cache.ts';
import { cloudMailboxOwners } from './domain/cloud-mailboxes.ts';
import { openOwaDatabase } from './domain/owa-database.ts';
import { countSessions } from './domain/sessions.ts';
import { registerClientAccess } from './routes/client-access/index.ts';
import { registerOwa } from './routes/owa/index.ts';
import { registerOnlineHybridAdmin } from './routes/hybrid-admin/index.ts';

/**
 * The exchange-online service. Errors default to SOAP 1.1 faults, the envelope EWS
 * and Autodiscover SOAP speak; OWA renders its own as HTML pages; EWS, ActiveSync and
 * POX Autodiscover authenticate Basic (the Basic-auth proxy, flow F6) or Bearer (F7). The cloud
 * mailboxes are seeded on first start (identity.md, "exchange-online"). `/hybrid-admin/…` is the
 * hybrid management API (flow F9), for a tenant Global Administrator.
 */
export interface ExchangeOnlineOptions extends PartnerReceiverOptions {
  /** The clock (tests freeze it); the system clock by default. */
  readonly now?: () => Date;
}

export function createExchangeOnlineService(options: ExchangeOnlineOptions = {}): ServiceDefinition {
  const now = options.now ?? (() => new Date());
  let opened: { readonly mailboxes: MailboxStore; readonly database: Database; readonly credentialCache: CredentialCache } | undefined;
  return {
    container: 'exchange-online',
    errorFormat: 'soap11',
    async register(app, context) {
      const seed = loadSeed(context.config.seedFile);
      const settings = owaSettings(seed);
      const mailboxes = openMailboxStore(context.config.stateDir);
      const database = openOwaDatabase(context.config.stateDir);
      const hybrid = openHybridConfigStore(context.config.stateDir, onlineFederationDefaults(seed));
      app.addHook('onClose', async () => {
        mailboxes.close();
        database.close();
        hybrid.close();
      });
      const created = mailboxes.seed(seed, cloudMailboxOwners(seed), now());
      if (created) context.logger.info({ mailboxes: created }, 'seeded the cloud mailboxes');
      const azureAuth = createAzureAuthClient(context.http, settings);
      const access = clientAccessSettings(seed);
      const credentialCache = createCredentialCache(access.credentialCacheSeconds);
      opened = { mailboxes, database, credentialCache };
      await registerOwa(app, { settings, mailboxes, database, tokens: azureAuth, now });
      const authCertificatePem = loadKeyPair(context.config.certsDir, 'signing/exchange-online-auth').certPem;
      const partner = createPartnerReceivers(
        { certsDir: context.config.certsDir, http: context.http, hybrid, tenantId: seed.tenant.id, hostnames: [access.host, 'autodiscover-s.outlook.test'], federationCertificate: 'signing/exchange-online-federation', defaultRelationships: defaultOnlineRelationships(seed), now },
        options,
      );
      const redirects = cloudRedirects(seed);
      const crossPremises = createCrossPremisesSetup(context, {
        service: 'exchange-online',
        hybrid,
        redirects,
        tenantId: seed.tenant.id,
        authCertificate: 'signing/exchange-online-auth',
        federationCertificate: 'signing/exchange-online-federation',
        now,
        coexistenceDomain: seed.tenant.routingDomain,
      });
      await registerClientAccess(app, { settings: access, http: context.http, azureAuth, mailboxes, redirects, credentialCache, partner, crossPremises, now }, { hybrid, authCertificatePem });
      registerOnlineHybridAdmin(app, hybrid, azureAuth, access, now);
    },
    state: () =>
      opened && {
        mailboxes: opened.mailboxes.mailboxes().map((mailbox) => mailbox.primarySmtpAddress),
        owaSessions: countSessions(opened.database, now()),
        basicCredentialCacheEntries: opened.credentialCache.size(),
      },
  };
}

export const exchangeOnlineService: ServiceDefinition = createExchangeOnlineService();
