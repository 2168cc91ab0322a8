import type { ServiceDefinition } from '../../../shared/service/definition.ts';
import { publishedEndpoints } from './domain/published-endpoints.ts';
import { registerPublishing } from './routes/publish.ts';

/**
 * The Web Application Proxy for AD FS: on the perimeter, it publishes AD FS's extranet
 * endpoints and nothing else, relaying them to AD FS with its proxy-trust certificate and
 * the proxy headers. External users sign in on its own page, built from AD FS's forms page
 * (routes/adfs/ls.ts). Errors are plain-text pages, as a reverse proxy shows them.
 */
export const wapService: ServiceDefinition = {
  container: 'wap',
  errorFormat: 'text',
  register(app, context) {
    registerPublishing(app, context);
  },
  state: () => ({ published: publishedEndpoints }),
};
