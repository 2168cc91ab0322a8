import { SAML11_NS, SAML2_NS } from './namespaces.ts';

/**
 * The two assertion vocabularies the lab's verifier reads. They differ in namespace and in
 * the attribute the signature's Reference names; the structure and signature checks are
 * the same for both, so each is one entry here rather than a second verifier.
 */
export type SamlVersion = '1.1' | '2.0';

export interface AssertionDialect {
  readonly version: SamlVersion;
  /** For messages: "SAML 1.1" or "SAML 2.0". */
  readonly label: string;
  readonly namespace: string;
  /** The ID the ds:Reference names: `AssertionID` (SAML 1.1 §2.3.2) or `ID` (SAML 2.0 Core §2.3.3). */
  readonly idAttribute: 'AssertionID' | 'ID';
}

export const dialects: Readonly<Record<SamlVersion, AssertionDialect>> = {
  '1.1': { version: '1.1', label: 'SAML 1.1', namespace: SAML11_NS, idAttribute: 'AssertionID' },
  '2.0': { version: '2.0', label: 'SAML 2.0', namespace: SAML2_NS, idAttribute: 'ID' },
};
