import type { FastifyInstance } from 'fastify';
import { registerHybridAdmin } from '../../../../../shared/hybrid-config/admin-api.ts';
import type { HybridConfigStore } from '../../../../../shared/hybrid-config/store.ts';
import { outlookHost, type ClientAccessSettings } from '../../config.ts';
import type { AzureAuthClient } from '../../domain/azure-auth-client.ts';
import { hybridAdminAuthorizer } from '../../domain/hybrid-admin/authorize.ts';

/** `/hybrid-admin/…` on outlook.office365.test only (shared/hybrid-config/admin-api.ts): a tenant Global Administrator (domain/hybrid-admin/authorize.ts). */
export function registerOnlineHybridAdmin(app: FastifyInstance, store: HybridConfigStore, client: AzureAuthClient, settings: ClientAccessSettings, now: () => Date): void {
  registerHybridAdmin(app, store, hybridAdminAuthorizer(client, settings, now), { host: new RegExp(`^${outlookHost.replaceAll('.', '\\.')}(:443)?$`, 'i') });
}
