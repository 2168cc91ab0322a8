/**
 * The host names azure-auth answers (topology: cloudIdentityNames). Routes are bound
 * to theirs with fastify's `host` constraint, so the sync web service exists only on
 * adminwebservice, sign-in, token and metadata only on login, and the S2S token
 * service only on accounts.accesscontrol. An explicit :443 is
 * the same origin, so it is accepted.
 */
export const hostConstraints = {
  login: /^login\.microsoftonline\.test(:443)?$/i,
  adminWebService: /^adminwebservice\.microsoftonline\.test(:443)?$/i,
  /** The federation gateway of DAuth (server-flows §2), as nexus.microsoftonline-p.com is Microsoft's. */
  nexus: /^nexus\.microsoftonline-p\.test(:443)?$/i,
  /** The S2S token service (ACS): its metadata and `tokens/OAuth/2`, nothing else. */
  accessControl: /^accounts\.accesscontrol\.windows\.test(:443)?$/i,
} as const;

export const loginHost = 'login.microsoftonline.test';
export const adminWebServiceHost = 'adminwebservice.microsoftonline.test';
export const nexusHost = 'nexus.microsoftonline-p.test';
export const accessControlHost = 'accounts.accesscontrol.windows.test';
