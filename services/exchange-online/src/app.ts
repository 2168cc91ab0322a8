import type { ServiceDefinition } from '../../../shared/service/definition.ts';

/**
 * The exchange-online service. Errors default to SOAP 1.1 faults, the envelope EWS and Autodiscover SOAP speak.
 * Its protocol routes arrive with their issues; it already serves the shared
 * health and state endpoints over TLS with its lab certificate.
 */
export const exchangeOnlineService: ServiceDefinition = {
  container: 'exchange-online',
  errorFormat: 'soap11',
  register() {},
};
