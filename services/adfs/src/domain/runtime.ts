import type { KeyPair } from '../../../../shared/pki/index.ts';
import type { AdfsConfig } from '../config.ts';
import type { CredentialChecker } from './credentials/credential-checker.ts';
import type { WindowsLogonVerifier } from '../../../../shared/ntlm/server/netlogon-verifier.ts';
import type { RelyingPartyTrust } from './relying-parties.ts';
import type { TokenSigningStore } from './token-signing/certificate-store.ts';

/** Everything AD FS's routes use, built once when the service registers. */
export interface AdfsRuntime {
  readonly config: AdfsConfig;
  /** The token-signing key pair: it signs assertions and the federation metadata. Always the current primary of `tokenSigningCertificates`. */
  readonly tokenSigning: KeyPair;
  /** Primary and secondary token-signing certificates, in AD FS's database (rollover: docs/federation.md). */
  readonly tokenSigningCertificates: TokenSigningStore;
  readonly credentials: CredentialChecker;
  /** Windows sign-in's NTLM pass-through to the dc. */
  readonly windowsLogon: WindowsLogonVerifier;
  readonly relyingPartyTrusts: readonly RelyingPartyTrust[];
}
