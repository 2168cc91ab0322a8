import type { CrossPremisesSetup } from '../../../../../shared/cross-premises/availability-client.ts';
import type { RedirectMap } from '../../../../../shared/autodiscover/hybrid-users.ts';
import type { LabHttpClient } from '../../../../../shared/http/client.ts';
import type { MailboxStore } from '../../../../../shared/mailbox/index.ts';
import type { ClientAccessSettings } from '../../config.ts';
import type { AzureAuthClient } from '../azure-auth-client.ts';
import type { CredentialCache } from './credential-cache.ts';
import type { PartnerReceivers } from '../../../../../shared/partner-access/partner-receivers.ts';

/** What authenticating a client needs: the lab client, azure-auth's keys, the mailboxes, the cache and the clock. */
export interface ClientAccessDependencies {
  readonly settings: ClientAccessSettings;
  readonly http: LabHttpClient;
  readonly azureAuth: AzureAuthClient;
  readonly mailboxes: MailboxStore;
  /** Users whose mailbox is on-premises, and the address Autodiscover redirects them to. */
  readonly redirects: RedirectMap;
  readonly credentialCache: CredentialCache;
  readonly partner: PartnerReceivers;
  /** How Exchange Online asks on-premises about its mailboxes (the requesting side of F11, F12, F13). */
  readonly crossPremises: CrossPremisesSetup;
  readonly now: () => Date;
}
