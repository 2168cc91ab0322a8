/** DAuth: delegation tokens through the federation gateway (server-flows §2; docs/hybrid.md). */
export { buildDelegationTokenRequest, type BuildDelegationTokenRequestOptions } from './request.ts';
export { processDelegationTokenRequest, type GatewayAnswer, type GatewayOptions } from './gateway.ts';
export { extractEncryptedToken, renderRstr } from './rstr.ts';
export { validateDelegationToken, type ValidateDelegationTokenOptions, type ValidatedDelegation } from './validate.ts';
export { authorizeFreeBusy, type FreeBusyAccessLevel, type OrganizationRelationshipView } from './authorize.ts';
export { buildWsSecurityHeader, parseWsSecurityHeader, type WsSecurityHeader, type WsSecurityHeaderOptions } from './ws-security-header.ts';
export { domainOf, type FederationTrustRecord, type GatewayDirectory } from './federation-trust.ts';
export { thumbprintSha1 } from './request-signature.ts';
export { dauthError, SECURITY_TOKEN_ERROR, type DauthErrorCode } from './errors.ts';
export { GATEWAY_ISSUER, offers } from './namespaces.ts';
