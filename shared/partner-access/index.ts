/** The receiving side of cross-premises free/busy (server-flows §1.6, §2.4, §2.6; docs/hybrid.md "Receiving side"). */
export * from './receiver-trust.ts';
export * from './organization-relationships.ts';
export * from './s2s-receiver.ts';
export * from './dauth-receiver.ts';
export * from './security-fault.ts';
export * from './partner-ews.ts';
export * from './register-partner-ews.ts';
export * from './partner-receivers.ts';
