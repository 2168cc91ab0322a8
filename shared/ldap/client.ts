import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import { LabError } from '../errors/lab-error.ts';
import { planRoute, sourceAddressFor, type Vantage } from '../http/route.ts';
import { ports } from '../topology/index.ts';

/**
 * An LDAPS client (ldapts) that resolves and routes like every lab client: the
 * caller's DNS view, no route outside its networks, the lab CA as the only trust
 * anchor, and the host name verified against the dc's certificate.
 */
export interface LdapsTarget {
  readonly host: string;
  readonly port?: number;
  readonly ca: string;
  readonly timeoutMs?: number;
}

export async function openLdaps(vantage: Vantage, target: LdapsTarget): Promise<Client> {
  const route = await planRoute(vantage, target.host);
  if (route.kind !== 'direct') {
    throw new LabError({ code: 'LDAP_NOT_DIRECT', statusCode: 502, expose: true, message: `${target.host} is not on ${vantage.from}'s network; LDAP does not go through the web proxy`, hop: `${vantage.from} → ${target.host}` });
  }
  // ldapts calls this as tls.connect(port, host, options) for ldaps:// and tls.connect(options)
  // for StartTLS; both land on the routed address with the lab CA and the dc's name as SNI.
  const connectSecure = ((first: number | ConnectionOptions, _host?: unknown, options?: ConnectionOptions) => {
    const base = typeof first === 'number' ? { ...options, port: first } : first;
    // tls.connect takes net.connect's options too; localAddress is the caller's leg (route.ts).
    const connectOptions: ConnectionOptions & { localAddress?: string } = { ...base, host: route.address, localAddress: sourceAddressFor(vantage, route.address), servername: target.host, ca: [target.ca] };
    return tlsConnect(connectOptions);
  }) as typeof tlsConnect;
  return new Client({
    url: `ldaps://${target.host}:${target.port ?? ports.ldaps}`,
    timeout: target.timeoutMs ?? 15_000,
    connectTimeout: 10_000,
    createSecureConnection: connectSecure,
  });
}
