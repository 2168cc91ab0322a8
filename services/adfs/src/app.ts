import type { FastifyInstance } from 'fastify';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import type { ServiceContext, ServiceDefinition } from '../../../shared/service/definition.ts';
import { defaultAdfsConfig, type AdfsConfig } from './config.ts';
import type { CredentialChecker } from './domain/credentials/credential-checker.ts';
import { certificateProxyTrust, type ProxyTrustCheck } from './domain/proxy-trust.ts';
import { createLdapCredentialChecker } from './domain/credentials/ldap-credential-checker.ts';
import { relyingPartyTrusts } from './domain/relying-parties.ts';
import type { AdfsRuntime } from './domain/runtime.ts';
import { registerRoutes } from './routes/index.ts';
import { registerConvertDomainToFederated } from './routes/adfs/management/convert-domain-to-federated.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { registerTokenSigningManagement } from './routes/adfs/management/token-signing-certificates.ts';
import { TokenSigningStore } from './domain/token-signing/certificate-store.ts';
import { issueTokenSigningCertificate } from './domain/token-signing/rollover.ts';
import { openCertificateDatabase } from './domain/token-signing/schema.ts';

export interface AdfsServiceOptions {
  readonly config?: Partial<AdfsConfig>;
  /** Where credentials are checked; by default the dc over LDAPS from AD FS's own vantage. */
  readonly credentialChecker?: (context: ServiceContext, config: AdfsConfig) => CredentialChecker;
  /** Who may send proxy headers; by default only the WAP with its proxy-trust certificate. */
  readonly proxyTrust?: (context: ServiceContext) => ProxyTrustCheck;
}

function proxyTrustCertificate(context: ServiceContext): ProxyTrustCheck {
  return certificateProxyTrust(loadKeyPair(context.config.certsDir, 'signing/wap-proxy-trust').certPem);
}

/** AD FS's token-signing certificates from its database; on the first start, the catalogue's one becomes primary. */
function openTokenSigning(context: ServiceContext, config: AdfsConfig, app: FastifyInstance): TokenSigningStore {
  const database = openCertificateDatabase(context.config.stateDir);
  app.addHook('onClose', async () => database.close());
  const store = new TokenSigningStore(database);
  if (store.initialize(loadKeyPair(context.config.certsDir, config.tokenSigningCertificate), config.clock())) context.logger.info('token-signing certificate %s imported as primary', config.tokenSigningCertificate);
  return store;
}

function ldapChecker(context: ServiceContext, config: AdfsConfig): CredentialChecker {
  return createLdapCredentialChecker(context.vantage, context.tls.ca, config.directory);
}

/**
 * The adfs service (docs/federation.md, "AD FS"): federation metadata, MEX, the
 * WS-Trust usernamemixed endpoints and passive WS-Federation at `/adfs/ls/` of
 * `fs.contoso.test`. Errors default to SOAP 1.2 faults; usernamemixed renders its own,
 * with AD FS's subcodes and HTTP 500, and `/adfs/ls/` renders HTML error pages.
 */
export function createAdfsService(options: AdfsServiceOptions = {}): ServiceDefinition {
  const config: AdfsConfig = { ...defaultAdfsConfig, ...options.config };
  let current: AdfsRuntime | undefined;
  return {
    container: 'adfs',
    errorFormat: 'soap12',
    requestClientCertificate: true,
    register(app, context) {
      const proxyTrust = (options.proxyTrust ?? proxyTrustCertificate)(context);
      app.addHook('onRequest', async (request) => {
        if (request.headers['x-ms-proxy'] !== undefined || request.headers['x-ms-forwarded-client-ip'] !== undefined) proxyTrust(request);
      });
      const tokenSigningCertificates = openTokenSigning(context, config, app);
      const runtime: AdfsRuntime = {
        config,
        get tokenSigning() {
          return tokenSigningCertificates.primary();
        },
        tokenSigningCertificates,
        credentials: (options.credentialChecker ?? ldapChecker)(context, config),
        relyingPartyTrusts,
      };
      current = runtime;
      registerRoutes(app, runtime);
      registerTokenSigningManagement(app, runtime, (now) => issueTokenSigningCertificate(loadKeyPair(context.config.certsDir, config.certificateAuthority), config.federationServiceName, config.tokenSigningValidDays, now));
      registerConvertDomainToFederated(app, runtime, context.http, loadSeed(context.config.seedFile).tenant.id);
    },
    state: () => ({
      federationService: config.federationServiceName,
      issuer: config.issuer,
      relyingPartyTrusts: relyingPartyTrusts.map((trust) => trust.identifier),
      tokenSigning: current ? { primary: current.tokenSigningCertificates.primary().thumbprint, secondary: current.tokenSigningCertificates.secondary()?.thumbprint ?? null } : undefined,
    }),
  };
}

/** The service as the lab runs it: the dc checks the credentials. */
export const adfsService: ServiceDefinition = createAdfsService();
