import { wrapInRstr13, wrapInRstr2005 } from '../../../../../shared/saml/ws-trust.ts';
import { ns } from './namespaces.ts';

/** What wraps a signed assertion into the version's RSTR (docs/federation.md, SAML toolkit). */
export type RstrWrapper = typeof wrapInRstr13;

/**
 * The two WS-Trust versions AD FS serves at usernamemixed (client-flows §1.6 table),
 * dispatched through this map: each route takes its version's entry.
 */
export interface WsTrustVersion {
  readonly name: '2005' | '13';
  /** Where the usernamemixed endpoint of this version lives. */
  readonly usernameMixedPath: string;
  readonly trustNamespace: string;
  /** The wsa:Action a request must carry, which is also the MEX soapAction. */
  readonly requestAction: string;
  readonly requestType: string;
  /** The version's bearer KeyType; a request may also leave KeyType out. */
  readonly bearerKeyType: string;
  readonly responseAction: string;
  readonly wrap: RstrWrapper;
}

export const wsTrustVersions: Readonly<Record<WsTrustVersion['name'], WsTrustVersion>> = {
  '2005': {
    name: '2005',
    usernameMixedPath: '/adfs/services/trust/2005/usernamemixed',
    trustNamespace: ns.trust2005,
    requestAction: `${ns.trust2005}/RST/Issue`,
    requestType: `${ns.trust2005}/Issue`,
    bearerKeyType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey',
    responseAction: `${ns.trust2005}/RSTR/Issue`,
    wrap: wrapInRstr2005,
  },
  '13': {
    name: '13',
    usernameMixedPath: '/adfs/services/trust/13/usernamemixed',
    trustNamespace: ns.trust13,
    requestAction: `${ns.trust13}/RST/Issue`,
    requestType: `${ns.trust13}/Issue`,
    bearerKeyType: `${ns.trust13}/Bearer`,
    responseAction: `${ns.trust13}/RSTRC/IssueFinal`,
    wrap: wrapInRstr13,
  },
};
