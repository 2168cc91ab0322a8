import type { FastifyInstance } from 'fastify';
import type { AdfsRuntime } from '../domain/runtime.ts';
import { registerLs } from './adfs/ls.ts';
import { registerMex } from './adfs/services/trust/mex.ts';
import { registerUsernameMixed } from './adfs/services/trust/usernamemixed.ts';
import { registerFederationMetadata } from './federation-metadata/2007-06/federation-metadata.xml.ts';

/** Every AD FS route, where its URL says. */
export function registerRoutes(app: FastifyInstance, runtime: AdfsRuntime): void {
  registerFederationMetadata(app, runtime);
  registerMex(app, runtime);
  registerUsernameMixed(app, runtime);
  registerLs(app, runtime);
}
