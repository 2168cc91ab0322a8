export * from './resolver.ts';
export * from './route.ts';
export * from './connector.ts';
export * from './client.ts';
