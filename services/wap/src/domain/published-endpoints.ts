import { canonicalPath } from '../../../../shared/http/canonical-path.ts';

/**
 * What the Web Application Proxy publishes of AD FS to the extranet ([MS-ADFSPIP];
 * client-flows §1.1): passive sign-in, the usernamemixed endpoints, MEX and metadata.
 * Intranet-only endpoints (windowstransport, Windows integrated sign-in) and AD FS
 * management are not published: from outside they do not exist.
 */
export interface PublishedEndpoint {
  readonly path: string;
  /** A prefix publishes everything below it; otherwise the path must match exactly. */
  readonly prefix: boolean;
}

export const publishedEndpoints: readonly PublishedEndpoint[] = [
  { path: '/adfs/ls/', prefix: true },
  { path: '/adfs/services/trust/2005/usernamemixed', prefix: false },
  { path: '/adfs/services/trust/13/usernamemixed', prefix: false },
  { path: '/adfs/services/trust/mex', prefix: false },
  { path: '/federationmetadata/2007-06/federationmetadata.xml', prefix: false },
];

/** Whether a request path is published; compared decoded and case-insensitively, as IIS routes it. */
export function isPublished(rawPath: string): boolean {
  const path = canonicalPath(rawPath)?.toLowerCase();
  if (path === undefined) return false;
  return publishedEndpoints.some((endpoint) => (endpoint.prefix ? path.startsWith(endpoint.path) : path === endpoint.path));
}
