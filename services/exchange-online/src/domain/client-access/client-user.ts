import type { Mailbox } from '../../../../../shared/mailbox/index.ts';

/** Who an EWS, ActiveSync or Autodiscover request is from, once authenticated, and the mailbox they reach. */
export interface ClientUser {
  readonly upn: string;
  readonly name: string;
  readonly objectId: string;
  readonly mailbox: Mailbox;
  /** How they proved it: Basic through the credential service (and whether federated), or a Bearer token. */
  readonly method: 'basic-federated' | 'basic-managed' | 'bearer';
}
