import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Dispatcher } from 'undici';
import { sendUpstream, viaAfter } from '../../../../../shared/http/reverse-proxy.ts';
import { isAdfsFormsPage, readAdfsFormsPage } from '../../domain/sign-in-page/adfs-forms-page.ts';
import { adfsPageTooLarge } from '../../domain/sign-in-page/errors.ts';
import { wapSignInPage } from '../../domain/sign-in-page/views/sign-in-page.ts';

/** AD FS's sign-in pages are a few KiB (the response form with its assertion about 10); 1 MiB is none of them. */
const maxPageBytes = 1024 * 1024;

export interface SignInAnswerOptions {
  /** The federation service the page signs in to (fs.contoso.test). */
  readonly federationService: string;
  /** This proxy's name in `Via`. */
  readonly via: string;
}

async function readPage(body: Dispatcher.ResponseData['body']): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += (chunk as Buffer).length;
    if (length > maxPageBytes) {
      body.destroy();
      throw adfsPageTooLarge(maxPageBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Only an uncompressed 200 HTML answer can be the forms page; the WAP asks AD FS for identity encoding. */
function mayBeFormsPage(upstream: Dispatcher.ResponseData): boolean {
  const type = String(upstream.headers['content-type'] ?? '').toLowerCase();
  const encoding = String(upstream.headers['content-encoding'] ?? 'identity').toLowerCase();
  return upstream.statusCode === 200 && type.startsWith('text/html') && encoding === 'identity';
}

/**
 * The WAP's page goes out with headers of its own: a per-response nonce for its style and
 * no script at all, forms only to this site, never framed or cached, and the origin (not
 * the URL with its wctx) as Referer elsewhere — same-origin POSTs keep the Origin AD FS's
 * login-CSRF check reads. AD FS's Set-Cookie headers (the anti-forgery cookie) go on
 * verbatim, and Via says the page passed AD FS and the WAP.
 */
function sendWapPage(reply: FastifyReply, upstream: Dispatcher.ResponseData, html: string, options: SignInAnswerOptions): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const page = wapSignInPage({ nonce, federationService: options.federationService, adfs: readAdfsFormsPage(html) });
  const cookies = upstream.headers['set-cookie'];
  if (cookies !== undefined) reply.header('set-cookie', cookies);
  return reply
    .code(200)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header('via', viaAfter(upstream, options.via))
    .send(page);
}

/**
 * AD FS's answer to a passive sign-in from the internet (design §1, flow F4): when it is
 * AD FS's forms page, the WAP shows its own sign-in page with the same form contract;
 * any other answer — the auto-posting response form, an error page, a redirect — goes
 * on byte for byte. AD FS stays the only judge of the request and of the POST.
 */
export async function answerSignIn(reply: FastifyReply, upstream: Dispatcher.ResponseData, options: SignInAnswerOptions): Promise<FastifyReply> {
  if (!mayBeFormsPage(upstream)) return sendUpstream(reply, upstream, options.via);
  const body = await readPage(upstream.body);
  const html = body.toString('utf8');
  if (!isAdfsFormsPage(html)) return sendUpstream(reply, upstream, options.via, body);
  return sendWapPage(reply, upstream, html, options);
}
