export * from './issue.ts';
export * from './catalogue.ts';
export * from './store.ts';
export * from './key-objects.ts';
