/** The requesting side of cross-premises free/busy (design §3 F10–F13; docs/hybrid.md "Requesting side"). */
export * from './hops.ts';
export * from './route.ts';
export * from './availability-client.ts';
export { summarizeJwt } from './journey.ts';
