import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { LabError } from '../errors/lab-error.ts';
import type { FederationInformation } from '../hybrid-config/federation-information.ts';
import type { Mailbox } from '../mailbox/index.ts';
import { receiveDelegation, type DauthReceiver } from '../partner-access/dauth-receiver.ts';
import { wsSecurityErrorHandler } from '../partner-access/security-fault.ts';
import { getFederationInformation } from './get-federation-information.ts';
import { getUserSettings } from './get-user-settings.ts';
import { PoxError, poxErrorResponse } from './pox.ts';
import type { AutodiscoverTarget } from './pox-settings.ts';
import { autodiscoverFault, autodiscoverResponse, readAutodiscoverSoap, renderAutodiscoverFault, type AutodiscoverServerVersion } from './soap-envelope.ts';

/**
 * The Autodiscover endpoints both Exchange organizations serve the same way
 * (server-flows §3.1, §3.2, §2.2, §1.7); each service passes its own directory,
 * settings, federation information, metadata and authentication:
 *  - `GET /autodiscover/autodiscover.xml`, anonymous: POX error 600 with the
 *    X-SOAP-Enabled, X-WSSecurity-Enabled and X-OAuth-Enabled headers clients probe;
 *  - `POST /autodiscover/autodiscover.svc`: GetFederationInformation anonymously,
 *    GetUserSettings after the service's own authentication;
 *  - `POST /autodiscover/autodiscover.svc/WSSecurity`: the DAuth variant (server-flows
 *    §2.4): every message only after the delegation token in wsse:Security is
 *    validated (`dauth`), then GetUserSettings or GetFederationInformation; without
 *    `dauth`, a SOAP fault;
 *  - `GET /autodiscover/metadata/json/1`, anonymous: the auth metadata document.
 * The body parser for text/xml is the scope's (the caller registers into it).
 */
export type ErrorHandlerFactory = (render: (error: LabError, context: { readonly correlationId: string; readonly errorId: string }) => { statusCode: number; contentType: string; body: string }) => (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

export interface AutodiscoverEndpoints {
  /** `exchange-onprem` or `exchange-online`: named in hops and error texts. */
  readonly service: string;
  readonly server: AutodiscoverServerVersion;
  /** Authenticates a GetUserSettings caller; throws the service's 401 (with its challenges) when it cannot. */
  authenticate(request: FastifyRequest): Promise<void>;
  /**
   * Authentication that runs on `autodiscover.svc` before the body is read, whatever the
   * operation: Exchange on-premises' NTLM handshake, whose first leg carries no body and
   * which IIS runs before the application. `authenticate` then finds the caller named.
   */
  readonly preAuthenticate?: onRequestAsyncHookHandler;
  readonly errorHandler: ErrorHandlerFactory;
  target(address: string): AutodiscoverTarget | undefined;
  userSettings(mailbox: Mailbox): Readonly<Record<string, string>>;
  federation(): FederationInformation | undefined;
  metadata(): Record<string, unknown>;
  readonly now: () => Date;
  /** How the WSSecurity variant validates delegation tokens; absent, it answers a fault. */
  readonly dauth?: DauthReceiver;
}

export const autodiscoverSvcPaths = ['/autodiscover/autodiscover.svc', '/Autodiscover/Autodiscover.svc'] as const;
const wsSecurityPaths = autodiscoverSvcPaths.map((path) => `${path}/WSSecurity`).concat(autodiscoverSvcPaths.map((path) => `${path}/wssecurity`));

/** The DAuth variants' answer until the federation gateway's tokens can be validated here (docs/hybrid.md). */
export function dauthNotConfigured(service: string, path: string): LabError {
  return autodiscoverFault(
    'InvalidSecurity',
    `An error occurred when processing the security tokens in the message: ${service} does not validate DAuth delegation tokens yet (no federation-gateway token validation is configured for ${path}).`,
    `partner → ${service} (WS-Security)`,
  );
}

function registerSoap(app: FastifyInstance, endpoints: AutodiscoverEndpoints): void {
  const hop = `client → ${endpoints.service} (Autodiscover SOAP)`;
  const errorHandler = endpoints.errorHandler((error, context) => ({ statusCode: error.statusCode === 401 ? 401 : 500, contentType: 'text/xml; charset=utf-8', body: renderAutodiscoverFault(error, { ...context, service: endpoints.service }) }));
  for (const url of autodiscoverSvcPaths) {
    app.post(url, { errorHandler, ...(endpoints.preAuthenticate ? { onRequest: endpoints.preAuthenticate } : {}) }, async (request, reply) => {
      if (typeof request.body !== 'string') throw autodiscoverFault('Client', 'Autodiscover SOAP takes a text/xml SOAP 1.1 envelope.', hop);
      const soapAction = typeof request.headers.soapaction === 'string' ? request.headers.soapaction : undefined;
      const { operation, request: body } = readAutodiscoverSoap(request.body, soapAction, hop);
      let response: string;
      if (operation === 'GetFederationInformation') response = getFederationInformation(body, endpoints.federation());
      else if (operation === 'GetUserSettings') {
        await endpoints.authenticate(request);
        response = getUserSettings(body, { target: endpoints.target, settings: endpoints.userSettings });
      } else throw autodiscoverFault('ActionNotSupported', `The lab's Autodiscover implements GetUserSettings and GetFederationInformation; ${operation.slice(0, 60)} is not implemented.`, hop);
      return reply.type('text/xml; charset=utf-8').send(autodiscoverResponse(operation, response, endpoints.server));
    });
  }
  const wsHop = `partner → ${endpoints.service} (Autodiscover WSSecurity)`;
  const wsErrorHandler = wsSecurityErrorHandler(wsHop, (error, context) => ({ statusCode: 500, contentType: 'text/xml; charset=utf-8', body: renderAutodiscoverFault(error, { ...context, service: endpoints.service }) }));
  for (const url of wsSecurityPaths) {
    const dauth = endpoints.dauth;
    if (!dauth) {
      app.post(url, { errorHandler }, async () => {
        throw dauthNotConfigured(endpoints.service, url);
      });
      continue;
    }
    app.post(url, { errorHandler: wsErrorHandler }, async (request, reply) => {
      if (typeof request.body !== 'string') throw autodiscoverFault('Client', 'Autodiscover SOAP takes a text/xml SOAP 1.1 envelope.', wsHop);
      const soapAction = typeof request.headers.soapaction === 'string' ? request.headers.soapaction : undefined;
      const { operation, request: body } = readAutodiscoverSoap(request.body, soapAction, wsHop);
      // The WSSecurity binding takes no message without a valid delegation token, whatever the operation.
      receiveDelegation(request.body, dauth);
      let response: string;
      if (operation === 'GetFederationInformation') response = getFederationInformation(body, endpoints.federation());
      else if (operation === 'GetUserSettings') response = getUserSettings(body, { target: endpoints.target, settings: endpoints.userSettings });
      else throw autodiscoverFault('ActionNotSupported', `The lab's Autodiscover implements GetUserSettings and GetFederationInformation; ${operation.slice(0, 60)} is not implemented.`, wsHop);
      return reply.type('text/xml; charset=utf-8').send(autodiscoverResponse(operation, response, endpoints.server));
    });
  }
}

export function registerAutodiscoverEndpoints(app: FastifyInstance, endpoints: AutodiscoverEndpoints): void {
  app.get('/autodiscover/autodiscover.xml', async (request, reply) =>
    reply
      .headers({ 'x-soap-enabled': 'True', 'x-wssecurity-enabled': 'True', 'x-oauth-enabled': 'True' })
      .type('text/xml; charset=utf-8')
      .send(poxErrorResponse(new PoxError(600, 'Invalid Request: POX Autodiscover takes a POST of an Autodiscover request'), request.id, endpoints.now())),
  );
  app.get('/autodiscover/metadata/json/1', async (_request, reply) => reply.type('application/json; charset=utf-8').send(JSON.stringify(endpoints.metadata())));
  registerSoap(app, endpoints);
}
