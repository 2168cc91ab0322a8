import type { ServiceDefinition } from '../../../shared/service/definition.ts';

/**
 * The wap service. Errors default to plain-text error pages, as a reverse proxy shows them.
 * Its protocol routes arrive with their issues; it already serves the shared
 * health and state endpoints over TLS with its lab certificate.
 */
export const wapService: ServiceDefinition = {
  container: 'wap',
  errorFormat: 'text',
  register() {},
};
