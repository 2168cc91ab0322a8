/** S2S OAuth ([MS-XOAUTH], server-flows §1): token pieces for callers, the token service and receivers. */
export * from './principals.ts';
export * from './client-assertion.ts';
export * from './token-request.ts';
export * from './app-token-cache.ts';
export * from './actor-token.ts';
export * from './outer-token.ts';
export * from './sts-metadata.ts';
export * from './challenge.ts';
export * from './validate-s2s-token.ts';
export { readNumericDate } from './numeric-date.ts';
export { decodeCompactJwt } from './compact-jwt.ts';
export * from './request-app-token.ts';
