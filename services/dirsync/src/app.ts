import type { ServiceDefinition } from '../../../shared/service/definition.ts';

/**
 * The dirsync service. Errors default to JSON: dirsync's HTTPS side is the lab's management API.
 * Its protocol routes arrive with their issues; it already serves the shared
 * health and state endpoints over TLS with its lab certificate.
 */
export const dirsyncService: ServiceDefinition = {
  container: 'dirsync',
  errorFormat: 'json',
  register() {},
};
