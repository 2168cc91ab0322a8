/** EWS namespaces (server-flows §0, from ews-managed-api EwsUtilities.cs: `http://`, not `https://`). */
export const ewsNs = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  types: 'http://schemas.microsoft.com/exchange/services/2006/types',
  messages: 'http://schemas.microsoft.com/exchange/services/2006/messages',
  errors: 'http://schemas.microsoft.com/exchange/services/2006/errors',
} as const;
