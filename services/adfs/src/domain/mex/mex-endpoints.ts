/**
 * The WS-Trust endpoints the MEX document publishes (client-flows §1.1, §1.7):
 * usernamemixed for 1.3 and Feb 2005, and windowstransport only for requests from
 * corp, since the proxy does not offer integrated Windows auth [WSD].
 */
export type TrustVersionName = '2005' | '13';
export type EndpointKind = 'usernamemixed' | 'windowstransport';

export interface MexEndpoint {
  readonly version: TrustVersionName;
  readonly kind: EndpointKind;
  /** Binding and port name, as AD FS names them; the policy is `<name>_policy`. */
  readonly name: string;
  readonly corpOnly: boolean;
}

const contract: Record<TrustVersionName, string> = { '2005': 'IWSTrustFeb2005Async', '13': 'IWSTrust13Async' };
const bindingPrefix: Record<EndpointKind, string> = { usernamemixed: 'UserNameWSTrustBinding', windowstransport: 'CustomBinding' };

function endpoint(version: TrustVersionName, kind: EndpointKind): MexEndpoint {
  return { version, kind, name: `${bindingPrefix[kind]}_${contract[version]}`, corpOnly: kind === 'windowstransport' };
}

export const mexEndpoints: readonly MexEndpoint[] = [endpoint('2005', 'windowstransport'), endpoint('2005', 'usernamemixed'), endpoint('13', 'usernamemixed'), endpoint('13', 'windowstransport')];

export function contractOf(version: TrustVersionName): string {
  return contract[version];
}
