export * from './types.ts';
export { openMailboxStore, type MailboxStore } from './store.ts';
export { labDay } from './calendar.ts';
