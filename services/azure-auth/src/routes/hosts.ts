/**
 * The host names azure-auth answers (topology: cloudIdentityNames). Routes are bound
 * to theirs with fastify's `host` constraint, so the sync web service exists only on
 * adminwebservice and sign-in, token and metadata only on login. An explicit :443 is
 * the same origin, so it is accepted.
 */
export const hostConstraints = {
  login: /^login\.microsoftonline\.test(:443)?$/i,
  adminWebService: /^adminwebservice\.microsoftonline\.test(:443)?$/i,
  /** The federation gateway of DAuth (server-flows §2), as nexus.microsoftonline-p.com is Microsoft's. */
  nexus: /^nexus\.microsoftonline-p\.test(:443)?$/i,
} as const;

export const loginHost = 'login.microsoftonline.test';
export const adminWebServiceHost = 'adminwebservice.microsoftonline.test';
export const nexusHost = 'nexus.microsoftonline-p.test';
