import type { FastifyInstance } from 'fastify';
import { authMetadata } from '../../../../../shared/autodiscover/auth-metadata.ts';
import { autodiscoverTarget } from '../../../../../shared/autodiscover/hybrid-users.ts';
import { registerAutodiscoverEndpoints } from '../../../../../shared/autodiscover/register-endpoints.ts';
import type { HybridConfigStore } from '../../../../../shared/hybrid-config/store.ts';
import type { Mailbox } from '../../../../../shared/mailbox/index.ts';
import type { ClientAccessSettings } from '../../config.ts';
import type { ClientAccessDependencies } from '../../domain/client-access/dependencies.ts';
import { authenticateRequest, clientApplications } from '../client-access/authenticate-hook.ts';
import { clientAccessErrorHandler } from '../client-access/error-handler.ts';

/**
 * Exchange Online's SOAP Autodiscover, its anonymous GET probe and its auth metadata
 * (shared/autodiscover/register-endpoints.ts). GetUserSettings authenticates like POX
 * (Basic or Bearer); GetFederationInformation and the metadata are anonymous.
 */
export interface AutodiscoverSvcDependencies {
  readonly hybrid: HybridConfigStore;
  /** The Exchange Online Auth certificate (PEM) the metadata publishes. */
  readonly authCertificatePem: string;
}

/** GetUserSettings values (server-flows §3.2); ExternalEwsVersion and CasVersion are Exchange Online's 15.20. */
function userSettings(settings: ClientAccessSettings, mailbox: Mailbox): Record<string, string> {
  return {
    UserDisplayName: mailbox.displayName,
    UserDN: `/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${mailbox.primarySmtpAddress.split('@')[0]}`,
    UserDeploymentId: settings.tenantId,
    InternalEwsUrl: settings.ewsUrl,
    ExternalEwsUrl: settings.ewsUrl,
    ExternalEwsVersion: '15.20.0.0',
    CasVersion: '15.20.0.0',
    EwsSupportedSchemas: 'Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1, Exchange2015, Exchange2016',
    CrossOrganizationSharingEnabled: 'True',
    EwsPartnerUrl: `${settings.ewsUrl}/WSSecurity`,
  };
}

export function registerAutodiscoverSvc(app: FastifyInstance, deps: ClientAccessDependencies, svc: AutodiscoverSvcDependencies): void {
  registerAutodiscoverEndpoints(app, {
    service: 'exchange-online',
    server: { major: 15, minor: 20, version: 'Exchange2015' },
    authenticate: (request) => authenticateRequest(deps, clientApplications.autodiscover, request, true),
    errorHandler: clientAccessErrorHandler,
    target: (address) => autodiscoverTarget(deps.mailboxes, deps.redirects, address),
    userSettings: (mailbox) => userSettings(deps.settings, mailbox),
    federation: () => svc.hybrid.federation(),
    metadata: () => authMetadata({ realm: deps.settings.tenantId, location: `https://${deps.settings.host}/autodiscover/metadata/json/1`, certificatePems: [svc.authCertificatePem] }),
    now: deps.now,
    dauth: deps.partner.dauth,
  });
}
