import type { ServiceDefinition } from '../../../shared/service/definition.ts';

/**
 * The adfs service. Errors default to SOAP 1.2 faults, the envelope of WS-Trust 1.3 (client-flows §1.6).
 * Its protocol routes arrive with their issues; it already serves the shared
 * health and state endpoints over TLS with its lab certificate.
 */
export const adfsService: ServiceDefinition = {
  container: 'adfs',
  errorFormat: 'soap12',
  register() {},
};
