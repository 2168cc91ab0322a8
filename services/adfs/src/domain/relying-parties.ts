/**
 * The relying party trusts and their issuance rules, as data (docs/federation.md,
 * "AD FS"). A rule says which claim type it issues and where the value comes from:
 * an attribute the dc returned for the user, or the request context, optionally
 * through a named transform. `issue-claims.ts` evaluates them.
 */
export const claimTypes = {
  nameIdentifier: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
  immutableId: 'http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID',
  upn: 'http://schemas.xmlsoap.org/claims/UPN',
  insideCorporateNetwork: 'http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork',
  authnMethodsReferences: 'http://schemas.microsoft.com/claims/authnmethodsreferences',
} as const;

export type DirectoryAttribute = 'objectGUID' | 'userPrincipalName';
export type RequestContextField = 'insideCorporateNetwork' | 'authnMethodsReference';

export type ClaimSource = { readonly directory: DirectoryAttribute } | { readonly requestContext: RequestContextField };

/** Transforms a rule may name; `immutableIdFromGuid` is client-flows §5's sourceAnchor. */
export type ClaimTransform = 'immutableIdFromGuid';

export interface IssuanceRule {
  readonly claimType: string;
  readonly from: ClaimSource;
  readonly transform?: ClaimTransform;
}

export interface RelyingPartyTrust {
  /** The identifier a request names in AppliesTo, and the token's Audience. */
  readonly identifier: string;
  readonly displayName: string;
  /** AD FS's TokenLifetime for the trust: 3600 s (client-flows §1.5, "Validity 1 hour"). */
  readonly tokenLifetimeSeconds: number;
  /**
   * Where passive (WS-Fed) responses may go: a request's wreply must equal one of these
   * exactly, and the first is the default (security.md, open redirect; [MS-MWBF] §2.2.3).
   * A trust with none cannot be signed in to passively.
   */
  readonly replyUrls: readonly string[];
  readonly issuanceRules: readonly IssuanceRule[];
}

/**
 * The cloud's trust, as Convert-MsolDomainToFederated creates it: ImmutableID from
 * objectGUID (client-flows §5, "AD FS claim rule pattern"; the lab has no
 * ms-DS-ConsistencyGuid), the UPN, and the request-context claims Azure AD reads.
 */
export const microsoftOnline: RelyingPartyTrust = {
  identifier: 'urn:federation:MicrosoftOnline',
  displayName: 'Microsoft Office 365 Identity Platform',
  tokenLifetimeSeconds: 3600,
  // client-flows §1.4: Office 365's passive endpoint, under the lab's name for login.microsoftonline.com.
  replyUrls: ['https://login.microsoftonline.test/login.srf'],
  issuanceRules: [
    { claimType: claimTypes.nameIdentifier, from: { directory: 'objectGUID' }, transform: 'immutableIdFromGuid' },
    { claimType: claimTypes.immutableId, from: { directory: 'objectGUID' }, transform: 'immutableIdFromGuid' },
    { claimType: claimTypes.upn, from: { directory: 'userPrincipalName' } },
    { claimType: claimTypes.insideCorporateNetwork, from: { requestContext: 'insideCorporateNetwork' } },
    { claimType: claimTypes.authnMethodsReferences, from: { requestContext: 'authnMethodsReference' } },
  ],
};

export const relyingPartyTrusts: readonly RelyingPartyTrust[] = [microsoftOnline];

/** The trust a request's AppliesTo names; AD FS matches identifiers case-insensitively. */
export function findRelyingPartyTrust(trusts: readonly RelyingPartyTrust[], appliesTo: string): RelyingPartyTrust | undefined {
  return trusts.find((trust) => trust.identifier.toLowerCase() === appliesTo.toLowerCase());
}
