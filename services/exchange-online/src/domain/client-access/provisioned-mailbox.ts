import type { Mailbox } from '../../../../../shared/mailbox/index.ts';
import { mailboxOfUser } from '../cloud-mailboxes.ts';
import type { ClientAccessDependencies } from './dependencies.ts';
import { credentialFailure, type FailureDetails } from './credential-failure.ts';

/** The signed-in user's Exchange Online mailbox; none is 403, "account not provisioned" (client-flows §3). */
export function provisionedMailbox(deps: ClientAccessDependencies, upn: string, extra: Pick<FailureDetails, 'federated' | 'stsUrl'> = {}): Mailbox {
  const mailbox = mailboxOfUser(deps.mailboxes, upn);
  if (mailbox) return mailbox;
  throw credentialFailure({ kind: 'not-provisioned', code: 'MAILBOX_NOT_PROVISIONED', message: `${upn} signed in, but has no mailbox in Exchange Online`, hop: 'exchange-online (mailbox lookup)', ...extra });
}
