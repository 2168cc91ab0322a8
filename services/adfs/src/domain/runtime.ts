import type { KeyPair } from '../../../../shared/pki/index.ts';
import type { AdfsConfig } from '../config.ts';
import type { CredentialChecker } from './credentials/credential-checker.ts';
import type { WindowsLogonVerifier } from './credentials/netlogon-pass-through.ts';
import type { RelyingPartyTrust } from './relying-parties.ts';

/** Everything AD FS's routes use, built once when the service registers. */
export interface AdfsRuntime {
  readonly config: AdfsConfig;
  /** The token-signing key pair: it signs assertions and the federation metadata. */
  readonly tokenSigning: KeyPair;
  readonly credentials: CredentialChecker;
  /** Windows sign-in's NTLM pass-through to the dc. */
  readonly windowsLogon: WindowsLogonVerifier;
  readonly relyingPartyTrusts: readonly RelyingPartyTrust[];
}
