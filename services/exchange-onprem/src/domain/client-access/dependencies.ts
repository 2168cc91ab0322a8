import type { CrossPremisesSetup } from '../../../../../shared/cross-premises/availability-client.ts';
import type { RedirectMap } from '../../../../../shared/autodiscover/hybrid-users.ts';
import type { HybridConfigStore } from '../../../../../shared/hybrid-config/store.ts';
import type { MailboxStore } from '../../../../../shared/mailbox/index.ts';
import type { OnpremSettings } from '../../config.ts';
import type { PasswordCheck } from './authenticate.ts';
import type { OnpremWindows } from './windows-authentication.ts';
import type { PartnerReceivers } from '../../../../../shared/partner-access/partner-receivers.ts';

/** What Exchange on-premises' EWS and Autodiscover routes need. */
export interface OnpremDependencies {
  readonly settings: OnpremSettings;
  readonly mailboxes: MailboxStore;
  /** Users whose mailbox is in the cloud, and the address Autodiscover redirects them to. */
  readonly redirects: RedirectMap;
  readonly checkPassword: PasswordCheck;
  /** NTLM and Negotiate: the handshake, its challenges per connection, and the dc's NETLOGON pass-through. */
  readonly windows: OnpremWindows;
  /** The edge's corp address: what it relays cannot run NTLM (domain/edge-relay.ts). */
  readonly edgeAddress: string;
  readonly hybrid: HybridConfigStore;
  readonly authCertificatePem: string;
  /** How partner Exchanges are received: S2S OAuth on EWS and Autodiscover, DAuth on their WSSecurity variants. */
  readonly partner: PartnerReceivers;
  /** How this Exchange asks the cloud about its mailboxes (the requesting side of F10, F12, F13). */
  readonly crossPremises: CrossPremisesSetup;
  readonly now: () => Date;
}
