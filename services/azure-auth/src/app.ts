import type { ServiceDefinition } from '../../../shared/service/definition.ts';

/**
 * The azure-auth service. Errors default to OAuth 2.0 JSON errors (RFC 6749 §5.2), as Azure AD's endpoints answer.
 * Its protocol routes arrive with their issues; it already serves the shared
 * health and state endpoints over TLS with its lab certificate.
 */
export const azureAuthService: ServiceDefinition = {
  container: 'azure-auth',
  errorFormat: 'oauth',
  register() {},
};
