import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { OwaDependencies } from './dependencies.ts';
import { registerFormPost } from './form-post.ts';
import { renderHtmlError } from './html-errors.ts';
import { registerLogoff } from './logoff.ts';
import { registerMailboxPage } from './mailbox.ts';

/**
 * Outlook on the web, in its own fastify scope: cookies and form bodies are parsed
 * only here, and errors render as HTML pages instead of the service's SOAP faults.
 */
export async function registerOwa(app: FastifyInstance, deps: OwaDependencies): Promise<void> {
  await app.register(async (owa) => {
    await owa.register(fastifyCookie);
    await owa.register(fastifyFormbody);
    owa.setErrorHandler(renderHtmlError);
    registerMailboxPage(owa, deps);
    registerFormPost(owa, deps);
    registerLogoff(owa, deps);
  });
}
