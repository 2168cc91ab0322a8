import type { FastifyInstance } from 'fastify';
import { registerEwsWsSecurity as registerPartnerEws } from '../../../../../shared/partner-access/register-partner-ews.ts';
import type { ClientAccessDependencies } from '../../domain/client-access/dependencies.ts';

/**
 * `POST /EWS/Exchange.asmx/WSSecurity`: EWS for partners carrying a DAuth delegation
 * token in the SOAP header (server-flows §2.4, §2.6): validated with Exchange Online's
 * federation key (signing/exchange-online-federation), the gateway certificate from
 * configuration and its OrganizationRelationships; free/busy at the relationship's level
 * capped by each calendar's Default permission (docs/hybrid.md, "Receiving side").
 */
export function registerEwsWsSecurity(app: FastifyInstance, deps: ClientAccessDependencies): void {
  registerPartnerEws(app, { service: 'exchange-online', organization: 'Exchange Online', mailboxes: deps.mailboxes, dauth: deps.partner.dauth });
}
