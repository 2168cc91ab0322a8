import type { FastifyInstance } from 'fastify';
import { authMetadata } from '../../../../../shared/autodiscover/auth-metadata.ts';
import { autodiscoverTarget } from '../../../../../shared/autodiscover/hybrid-users.ts';
import { registerAutodiscoverEndpoints } from '../../../../../shared/autodiscover/register-endpoints.ts';
import type { Mailbox } from '../../../../../shared/mailbox/index.ts';
import type { OnpremSettings } from '../../config.ts';
import type { OnpremDependencies } from '../../domain/client-access/dependencies.ts';
import { authenticateRequest, windowsAuthenticationHook } from '../client-access/authenticate-hook.ts';
import { onpremErrorHandler } from '../client-access/error-handler.ts';

/**
 * Exchange on-premises' SOAP Autodiscover, its anonymous GET probe and its auth
 * metadata (shared/autodiscover/register-endpoints.ts). GetUserSettings takes NTLM (run
 * before the body is read, as IIS runs it), Basic or S2S OAuth; GetFederationInformation
 * and the metadata are anonymous.
 */
function userSettings(settings: OnpremSettings, mailbox: Mailbox): Record<string, string> {
  return {
    UserDisplayName: mailbox.displayName,
    UserDN: `/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${mailbox.primarySmtpAddress.split('@')[0]}`,
    UserDeploymentId: settings.deploymentId,
    InternalEwsUrl: settings.ewsUrl,
    ExternalEwsUrl: settings.ewsUrl,
    // Exchange Server 2019 (15.2); the lab's build numbers are 0.
    ExternalEwsVersion: '15.02.0000.000',
    CasVersion: '15.2.0.0',
    EwsSupportedSchemas: 'Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1, Exchange2016',
    CrossOrganizationSharingEnabled: 'True',
    EwsPartnerUrl: `${settings.ewsUrl}/WSSecurity`,
  };
}

export function registerAutodiscoverSvc(app: FastifyInstance, deps: OnpremDependencies): void {
  registerAutodiscoverEndpoints(app, {
    service: 'exchange-onprem',
    server: { major: 15, minor: 2, version: 'Exchange2013' },
    authenticate: (request) => authenticateRequest(deps, request, true),
    preAuthenticate: windowsAuthenticationHook(deps),
    errorHandler: onpremErrorHandler,
    target: (address) => autodiscoverTarget(deps.mailboxes, deps.redirects, address),
    userSettings: (mailbox) => userSettings(deps.settings, mailbox),
    federation: () => deps.hybrid.federation(),
    metadata: () => authMetadata({ realm: deps.settings.realm, location: `https://${deps.settings.host}/autodiscover/metadata/json/1`, certificatePems: [deps.authCertificatePem] }),
    now: deps.now,
    dauth: deps.partner.dauth,
  });
}
