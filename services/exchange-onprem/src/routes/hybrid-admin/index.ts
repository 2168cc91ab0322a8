import type { FastifyInstance } from 'fastify';
import { registerHybridAdmin } from '../../../../../shared/hybrid-config/admin-api.ts';
import type { HybridConfigStore } from '../../../../../shared/hybrid-config/store.ts';
import { hybridAdminAuthorizer, type HybridAdminAccess } from '../../domain/hybrid-admin/authorize.ts';

/** `/hybrid-admin/…` on mail.contoso.test (shared/hybrid-config/admin-api.ts): corp only, a Domain Admin (domain/hybrid-admin/authorize.ts). */
export function registerOnpremHybridAdmin(app: FastifyInstance, store: HybridConfigStore, access: HybridAdminAccess): void {
  registerHybridAdmin(app, store, hybridAdminAuthorizer(access));
}
