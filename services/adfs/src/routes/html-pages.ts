import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { errorPage } from '../domain/passive/views/error-page.ts';

export interface PageOptions {
  readonly status?: number;
  /** URLs the page's form posts to besides this site (the relying party of a response form). */
  readonly formTargets?: readonly string[];
  /** URLs the page loads images from (the sign-out cleanup requests). */
  readonly imageSources?: readonly string[];
}

const originsOf = (urls: readonly string[] = []): string[] => [...new Set(urls.map((url) => new URL(url).origin))];

/**
 * Sends an /adfs/ls/ page with headers that keep it to itself: a per-response nonce for
 * its inline style and script, forms only to this site and the named targets, images
 * only from the named sources, never framed, never cached. Other sites get the origin
 * as Referer, never the URL with its wctx; same-origin posts keep their Origin, which
 * `no-referrer` would turn into `null` (Fetch §3.2.5) and the login CSRF check refuse.
 */
export function sendPage(reply: FastifyReply, render: (nonce: string) => string, options: PageOptions = {}): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const formAction = ["'self'", ...originsOf(options.formTargets)].join(' ');
  const images = originsOf(options.imageSources);
  const imgSrc = images.length ? `; img-src ${images.join(' ')}` : '';
  return reply
    .code(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'${imgSrc}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send(render(nonce));
}

/** fastify's own errors (unsupported media type, body too large) are the caller's; anything else is AD FS's. */
function toLabError(error: FastifyError | Error): LabError {
  if (error instanceof LabError) return error;
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) return new LabError({ code: ((error as FastifyError).code ?? 'BAD_REQUEST').replace(/^FST_ERR_(CTP_)?/, ''), statusCode: status, message: error.message, cause: error });
  return new LabError({ code: 'INTERNAL', statusCode: 500, message: error.message, expose: false, cause: error });
}

/**
 * The browser-facing routes' error handler: any error becomes AD FS's HTML error page
 * with its status, never a redirect. An error that may not be shown gives an error id;
 * the log has the cause (style.md §10), never the form's password.
 */
export function htmlErrorHandler(service: string) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const labError = toLabError(error);
    const errorId = randomUUID();
    if (labError.statusCode >= 500) request.log.error({ err: labError.cause ?? labError, errorId, code: labError.code, hop: labError.hop }, labError.message);
    else request.log.info({ code: labError.code, hop: labError.hop }, labError.message);
    const hop = labError.hop ? ` (hop: ${labError.hop})` : '';
    const message = labError.expose ? `${labError.message}${hop}` : `internal error in ${service}; see its log for error id ${errorId}${hop}`;
    return sendPage(reply, (nonce) => errorPage({ nonce, message, code: labError.code, activityId: request.id }), { status: labError.statusCode });
  };
}
