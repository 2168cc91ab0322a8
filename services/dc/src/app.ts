import type { ServiceDefinition } from '../../../shared/service/definition.ts';

/**
 * The dc service. Errors default to JSON: the dc's HTTPS side is the lab's management and NETLOGON-like API.
 * Its protocol routes arrive with their issues; it already serves the shared
 * health and state endpoints over TLS with its lab certificate.
 */
export const dcService: ServiceDefinition = {
  container: 'dc',
  errorFormat: 'json',
  register() {},
};
