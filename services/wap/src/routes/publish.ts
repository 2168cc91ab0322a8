import type { FastifyInstance } from 'fastify';
import { Agent } from 'undici';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import { connectTls } from '../../../../shared/http/connector.ts';
import { forward, sendUpstream } from '../../../../shared/http/reverse-proxy.ts';
import { loadKeyPair } from '../../../../shared/pki/index.ts';
import type { ServiceContext } from '../../../../shared/service/definition.ts';
import { isPublished } from '../domain/published-endpoints.ts';
import { isSignInRequest } from '../domain/sign-in-page/sign-in-request.ts';
import { answerSignIn } from './adfs/ls.ts';

/**
 * Every request for a published AD FS endpoint goes on to AD FS (fs.contoso.test, which
 * the WAP resolves to AD FS on corp) over TLS with the proxy-trust client certificate,
 * carrying the proxy headers of [MS-ADFSPIP] §2.2.1: X-MS-Proxy (this proxy's name),
 * X-MS-Forwarded-Client-IP (the client the edge saw) and X-MS-Endpoint-Absolute-Path.
 * AD FS's forms sign-in page comes back as the WAP's own page (routes/adfs/ls.ts); every
 * other answer is relayed as AD FS sent it.
 */
const federationService = 'fs.contoso.test';
const proxyName = 'wap';

function firstForwardedFor(header: string | string[] | undefined): string | undefined {
  return [header ?? []].flat().join(',').split(',')[0]?.trim() || undefined;
}

export function registerPublishing(app: FastifyInstance, context: ServiceContext): void {
  const proxyTrust = loadKeyPair(context.config.certsDir, 'signing/wap-proxy-trust');
  const dispatcher = new Agent({
    connections: 32,
    connect: (options, callback) => {
      connectTls(context.vantage, { ca: context.tls.ca, cert: proxyTrust.certPem, key: proxyTrust.keyPem }, options.hostname, Number(options.port) || 443).then(
        (socket) => callback(null, socket),
        (error: Error) => callback(error, null),
      );
    },
  });
  app.addHook('onClose', async () => dispatcher.close());

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/_lab/')) return;
    if (!isPublished(path)) {
      throw new LabError({ code: 'NOT_PUBLISHED', statusCode: 404, message: `${path} is not published by the Web Application Proxy`, hop: 'wap' });
    }
    const clientIp = firstForwardedFor(request.headers['x-forwarded-for']) ?? request.ip;
    context.trace.record('request', request.id, { published: path, clientIp });
    const signIn = isSignInRequest(request.method, request.url);
    const upstream = await forward(request, {
      url: `https://${federationService}${request.url}`,
      dispatcher,
      via: proxyName,
      headers: {
        'x-ms-proxy': proxyName,
        'x-ms-forwarded-client-ip': clientIp,
        'x-ms-endpoint-absolute-path': path,
        'x-forwarded-for': [request.headers['x-forwarded-for'], request.ip].flat().filter(Boolean).join(', '),
        // The WAP reads the sign-in answer to render its own page, so it asks for it uncompressed.
        ...(signIn ? { 'accept-encoding': 'identity' } : {}),
      },
      hop: 'wap → adfs',
      vantage: context.vantage,
    });
    if (signIn) return answerSignIn(reply, upstream, { federationService, via: proxyName });
    return sendUpstream(reply, upstream, proxyName);
  });
}
