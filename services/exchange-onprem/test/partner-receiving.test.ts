import { loadSeed } from '../../../shared/seed/seed.ts';
import { describePartnerReceiving } from '../../../test/support/partner-receive-suite.ts';
import { createOnpremTestBed, post } from './support/onprem-test-bed.ts';

/**
 * exchange-onprem receiving a partner's free/busy request (server-flows §1.6, §2.6):
 * S2S OAuth on /EWS/Exchange.asmx with the STS metadata served by a fake fetcher (the
 * STS certificate of this bed's PKI), DAuth on …/WSSecurity with tokens from
 * shared/dauth's gateway functions. Joe (cloud) asking for Mary gets what his own
 * permission gives (Default: times only); Mary's own token for her own calendar shows her
 * subjects, so the token's user is what counts.
 */
describePartnerReceiving({
  service: 'exchange-onprem',
  host: 'mail.contoso.test',
  realm: loadSeed().tenant.id,
  ownFederationKey: 'signing/exchange-onprem-federation',
  otherFederationKey: 'signing/exchange-online-federation',
  applicationUri: 'FYDIBOHF25SPDLT.contoso.test',
  s2s: { requester: 'mary@contoso.test', target: 'mary@contoso.test', subjects: ['Team stand-up', 'Vendor call'], startTimes: ['2026-03-02T09:30:00', '2026-03-02T13:00:00'] },
  dauth: { requester: 'ann@contoso.onmicrosoft.test', target: 'mary@contoso.test', startTimes: ['2026-03-02T09:30:00', '2026-03-02T13:00:00'] },
  async start(stsMetadata) {
    const bed = await createOnpremTestBed({ stsMetadata });
    return { ...bed, inject: (url, payload, headers = {}) => post(bed.app, url, payload, undefined, headers) };
  },
});

describePartnerReceiving({
  service: 'exchange-onprem (Joe from the cloud)',
  host: 'mail.contoso.test',
  realm: loadSeed().tenant.id,
  ownFederationKey: 'signing/exchange-onprem-federation',
  otherFederationKey: 'signing/exchange-online-federation',
  applicationUri: 'FYDIBOHF25SPDLT.contoso.test',
  s2s: { requester: 'joe@contoso.test', target: 'mary@contoso.test', subjects: [], startTimes: ['2026-03-02T09:30:00', '2026-03-02T13:00:00'] },
  dauth: { requester: 'ann@contoso.onmicrosoft.test', target: 'alex@contoso.test', startTimes: ['2026-03-02T15:00:00'] },
  async start(stsMetadata) {
    const bed = await createOnpremTestBed({ stsMetadata });
    return { ...bed, inject: (url, payload, headers = {}) => post(bed.app, url, payload, undefined, headers) };
  },
});
