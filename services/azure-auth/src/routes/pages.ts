import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { messagePage } from './views/message-page.ts';
import { pageMessage } from './views/messages.ts';

/**
 * Sends an HTML page with headers that keep it to itself: a per-response nonce for
 * its inline style and script, forms only to this site and the origins named (the
 * redirect URI for the form_post page; federation services a username form may
 * redirect to, since CSP form-action also governs a form's redirects), never framed,
 * never cached.
 */
export function sendPage(reply: FastifyReply, render: (nonce: string) => string, options: { readonly status?: number; readonly formTargets?: readonly string[] } = {}): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const origins = new Set((options.formTargets ?? []).map((target) => new URL(target).origin));
  const formAction = ["'self'", ...origins].join(' ');
  return reply
    .code(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send(render(nonce));
}

/**
 * The error handler of the browser-facing routes: the LabError as a readable page
 * with its code, never a redirect. Unexpected errors show only an error id; the log
 * has the cause (style.md §10).
 */
export function pageErrorHandler(error: FastifyError | LabError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof LabError && error.expose) {
    request.log.info({ code: error.code, hop: error.hop }, error.message);
    return sendPage(reply, (nonce) => messagePage({ nonce, title: "We couldn't sign you in", message: pageMessage(error.code, error.message), code: error.code, detail: error.message, correlationId: request.id }), { status: error.statusCode });
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return sendPage(reply, (nonce) => messagePage({ nonce, title: 'Bad request', message: error.message, correlationId: request.id }), { status });
  }
  const errorId = randomUUID();
  request.log.error({ err: error, errorId }, 'sign-in page failed');
  return sendPage(reply, (nonce) => messagePage({ nonce, title: 'Something went wrong', message: `azure-auth could not finish this request; its log has error id ${errorId}.`, correlationId: request.id }), { status: 500 });
}
