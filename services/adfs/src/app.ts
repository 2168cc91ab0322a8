import type { FastifyInstance } from 'fastify';
import { createNetlogonVerifier, type WindowsLogonVerifier } from '../../../shared/ntlm/server/netlogon-verifier.ts';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import type { ServiceContext, ServiceDefinition } from '../../../shared/service/definition.ts';
import type { Environment } from '../../../shared/config/service-config.ts';
import { defaultAdfsConfig, loadAdfsConfig, type AdfsConfig } from './config.ts';
import type { CredentialChecker } from './domain/credentials/credential-checker.ts';
import { certificateProxyTrust, type ProxyTrustCheck } from './domain/proxy-trust.ts';
import { createLdapCredentialChecker } from './domain/credentials/ldap-credential-checker.ts';
import { openExtranetLockout } from './domain/extranet-lockout/open-extranet-lockout.ts';
import { relyingPartyTrusts } from './domain/relying-parties.ts';
import type { AdfsRuntime } from './domain/runtime.ts';
import { registerRoutes } from './routes/index.ts';
import { registerConvertDomainToFederated } from './routes/adfs/management/convert-domain-to-federated.ts';
import { registerAccountActivity } from './routes/adfs/management/account-activity.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import { registerTokenSigningManagement } from './routes/adfs/management/token-signing-certificates.ts';
import { TokenSigningStore } from './domain/token-signing/certificate-store.ts';
import { issueTokenSigningCertificate } from './domain/token-signing/rollover.ts';
import { openCertificateDatabase } from './domain/token-signing/schema.ts';

export interface AdfsServiceOptions {
  readonly config?: Partial<AdfsConfig>;
  /** Where credentials are checked; by default the dc over LDAPS from AD FS's own vantage. */
  readonly credentialChecker?: (context: ServiceContext, config: AdfsConfig) => CredentialChecker;
  /** Where Windows sign-in's NTLM responses are checked; by default the dc's NETLOGON pass-through over HTTPS. */
  readonly windowsLogonVerifier?: (context: ServiceContext, config: AdfsConfig) => WindowsLogonVerifier;
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

function netlogonVerifier(context: ServiceContext, config: AdfsConfig): WindowsLogonVerifier {
  return createNetlogonVerifier(context.http, config.directory.host, config.directory.timeoutMs, 'adfs');
}

/**
 * The adfs service (docs/federation.md, "AD FS"): federation metadata, MEX, the
 * WS-Trust usernamemixed endpoints and passive WS-Federation at `/adfs/ls/` of
 * `fs.contoso.test`, with Windows integrated sign-in there for the intranet. Errors default to SOAP 1.2 faults; usernamemixed renders its own,
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
      const extranetLockout = openExtranetLockout(context.config.stateDir, config, context.logger, context.trace);
      app.addHook('onClose', async () => extranetLockout.close());
      const tokenSigningCertificates = openTokenSigning(context, config, app);
      const runtime: AdfsRuntime = {
        config,
        get tokenSigning() {
          return tokenSigningCertificates.primary();
        },
        tokenSigningCertificates,
        credentials: extranetLockout.guard((options.credentialChecker ?? ldapChecker)(context, config)),
        windowsLogon: (options.windowsLogonVerifier ?? netlogonVerifier)(context, config),
        relyingPartyTrusts,
      };
      current = runtime;
      registerRoutes(app, runtime);
      registerTokenSigningManagement(app, runtime, (now) => issueTokenSigningCertificate(loadKeyPair(context.config.certsDir, config.certificateAuthority), config.federationServiceName, config.tokenSigningValidDays, now));
      registerConvertDomainToFederated(app, runtime, context.http, loadSeed(context.config.seedFile).tenant.id);
      registerAccountActivity(app, extranetLockout.admin);
    },
    state: () => ({
      federationService: config.federationServiceName,
      issuer: config.issuer,
      relyingPartyTrusts: relyingPartyTrusts.map((trust) => trust.identifier),
      extranetLockout: config.extranetLockout,
      tokenSigning: current ? { primary: current.tokenSigningCertificates.primary().thumbprint, secondary: current.tokenSigningCertificates.secondary()?.thumbprint ?? null } : undefined,
    }),
  };
}

/** The service as the lab runs it: the dc checks the credentials; the defaults of config.ts. */
export const adfsService: ServiceDefinition = createAdfsService();

/** The service with the settings main.ts and the local runner read from the environment (config.ts). */
export function adfsServiceFrom(env: Environment): ServiceDefinition {
  return createAdfsService({ config: loadAdfsConfig(env) });
}
