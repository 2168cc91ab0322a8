import type { MailboxStore } from '../../../../../shared/mailbox/index.ts';
import type { Database } from '../../../../../shared/store/database.ts';
import type { OwaSettings } from '../../config.ts';
import type { AzureAuthClient } from '../../domain/azure-auth-client.ts';

/** What the OWA routes use: settings, the mailbox store, OWA's own database, azure-auth, and the clock. */
export interface OwaDependencies {
  readonly settings: OwaSettings;
  readonly mailboxes: MailboxStore;
  readonly database: Database;
  readonly tokens: AzureAuthClient;
  readonly now: () => Date;
}
