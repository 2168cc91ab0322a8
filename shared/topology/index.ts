export * from './definition.ts';
export * from './addresses.ts';
export * from './views.ts';
