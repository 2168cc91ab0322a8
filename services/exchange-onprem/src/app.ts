import { onpremRedirects } from '../../../shared/autodiscover/hybrid-users.ts';
import { onpremFederationDefaults } from '../../../shared/hybrid-config/federation-information.ts';
import { openHybridConfigStore, type HybridConfigStore } from '../../../shared/hybrid-config/store.ts';
import { checkDirectoryPassword } from '../../../shared/ldap/directory-logon.ts';
import { openMailboxStore, type MailboxStore } from '../../../shared/mailbox/index.ts';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { configuredRelationships, defaultOnpremRelationships, type OrganizationRelationshipProvider } from '../../../shared/partner-access/organization-relationships.ts';
import { createTrustedIssuerCache, defaultReceiverTrust, labMetadataFetcher, type MetadataFetcher, type ReceiverTrustProvider } from '../../../shared/partner-access/receiver-trust.ts';
import { createReplayCache } from '../../../shared/saml/replay-cache.ts';
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
 * Autodiscover (POX, SOAP, the auth metadata) with Basic checked by the dc over LDAPS, and
 * the hybrid management endpoints (`/hybrid-admin/…`, corp only; flow F9).
 * Errors default to SOAP 1.1 faults, the envelope EWS and Autodiscover SOAP speak.
 */
export interface ExchangeOnpremOptions {
  /** The clock (tests freeze it); the system clock by default. */
  readonly now?: () => Date;
  /** Where Basic passwords are checked; by default the dc over LDAPS from this service's vantage. */
  readonly passwordCheck?: (context: ServiceContext, settings: OnpremSettings) => PasswordCheck;
  /** Which STS S2S tokens are trusted from; default azure-auth's ACS metadata for the seed tenant (hybrid configuration's AuthServer will supply it). */
  readonly receiverTrust?: ReceiverTrustProvider;
  /** How the STS metadata is fetched; default the lab HTTP client from corp, through the edge proxy. */
  readonly stsMetadata?: MetadataFetcher;
  /** The OrganizationRelationships DAuth is authorized against; default one for the cloud's domains at AvailabilityOnly. */
  readonly organizationRelationships?: OrganizationRelationshipProvider;
}

const ldapPasswordCheck = (context: ServiceContext, settings: OnpremSettings): PasswordCheck => (userName, password) =>
  checkDirectoryPassword(context.vantage, context.tls.ca, settings.directory, userName, password);

export function createExchangeOnpremService(options: ExchangeOnpremOptions = {}): ServiceDefinition {
  const now = options.now ?? (() => new Date());
  let opened: { readonly mailboxes: MailboxStore; readonly hybrid: HybridConfigStore } | undefined;
  return {
    container: 'exchange-onprem',
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
      const trust = options.receiverTrust ?? (() => defaultReceiverTrust(seed.tenant.id));
      const partner = {
        s2s: {
          trust,
          issuers: createTrustedIssuerCache({ trust, fetch: options.stsMetadata ?? labMetadataFetcher(context.http), now }),
          hostnames: [settings.host, 'autodiscover.contoso.test'],
          now,
          hop: `partner → ${settings.host} (S2S OAuth)`,
        },
        dauth: {
          decryptionKeyPem: loadKeyPair(context.config.certsDir, 'signing/exchange-onprem-federation').keyPem,
          gatewayCertificates: [loadKeyPair(context.config.certsDir, 'signing/federation-gateway').certPem],
          federation: () => hybrid.federation(),
          organizationRelationships: options.organizationRelationships ?? configuredRelationships(hybrid, defaultOnpremRelationships(seed)),
          replayCache: createReplayCache({ now }),
          now,
        },
      };
      await registerClientAccess(app, { settings, mailboxes, redirects: onpremRedirects(seed), checkPassword, hybrid, authCertificatePem, partner, now });
      registerOnpremHybridAdmin(app, hybrid, { edgeAddress: addressOf('edge', 'corp', context.config.plan), checkPassword, seed });
    },
    state: () =>
      opened && {
        mailboxes: opened.mailboxes.mailboxes().map((mailbox) => mailbox.primarySmtpAddress),
        federation: opened.hybrid.federation() ?? null,
      },
  };
}

export const exchangeOnpremService: ServiceDefinition = createExchangeOnpremService();
