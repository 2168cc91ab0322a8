/** An authorize request that passed its checks (routes/tenant/oauth2/authorize.ts), as the sign-in flow keeps it. */
export interface AuthorizeRequest {
  readonly tenant: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly responseType: 'code' | 'code id_token';
  readonly resource: string | null;
  readonly scope: string;
  readonly nonce: string | null;
  readonly state: string | null;
  readonly loginHint: string | null;
}
