import { canonicalPath } from '../../../../../shared/http/canonical-path.ts';

/**
 * Whether a request is a passive sign-in at /adfs/ls/ (client-flows §1.2–1.3): the GET
 * that shows the forms page, or the forms POST that may show it again with an error.
 * Only their answers may become the WAP's own page; sign-out, HEAD and the rest of the
 * published endpoints are relayed untouched. `wa` is read as AD FS reads it, the first value.
 */
export function isSignInRequest(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'POST') return false;
  if (canonicalPath(url)?.toLowerCase() !== '/adfs/ls/') return false;
  const question = url.indexOf('?');
  return new URLSearchParams(question < 0 ? '' : url.slice(question + 1)).get('wa') === 'wsignin1.0';
}
