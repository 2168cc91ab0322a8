import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { buildConnector } from 'undici';
import { LabError } from '../errors/lab-error.ts';
import { planRoute, sourceAddressFor, type Route, type Vantage } from './route.ts';

/** TLS settings of every lab client: the lab CA is the only trust anchor; host names are verified. */
export interface ClientTls {
  readonly ca: string;
  /** A client certificate (the WAP's proxy-trust certificate), when the peer asks for one. */
  readonly cert?: string;
  readonly key?: string;
}

const connectTimeoutMs = 10_000;
const maxProxyResponseBytes = 16 * 1024;

const untrustedCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

/** Turns a socket or TLS failure into a LabError that names the hop and the reason. */
export function describeConnectError(error: unknown, vantage: Vantage, hostname: string): LabError {
  if (error instanceof LabError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const hop = `${vantage.from} → ${hostname}`;
  if (untrustedCodes.has(code)) {
    return new LabError({ code: 'TLS_UNTRUSTED', statusCode: 502, expose: true, message: `the certificate of ${hostname} is not issued by the lab CA (${code})`, hop, cause: error });
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new LabError({ code: 'TLS_HOSTNAME', statusCode: 502, expose: true, message: `the certificate presented for ${hostname} does not name it`, hop, cause: error });
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new LabError({ code: 'TLS_VALIDITY', statusCode: 502, expose: true, message: `the certificate of ${hostname} is outside its validity (${code})`, hop, cause: error });
  }
  const reason = code || (error instanceof Error ? error.message : String(error));
  return new LabError({ code: 'CONNECT_FAILED', statusCode: 502, expose: true, message: `cannot connect to ${hostname}: ${reason}`, hop, cause: error });
}

function openTcp(host: string, port: number, localAddress: string | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port, localAddress, timeout: connectTimeoutMs });
    socket.once('connect', () => {
      socket.setTimeout(0);
      resolve(socket);
    });
    socket.once('timeout', () => socket.destroy(Object.assign(new Error(`timed out connecting to ${host}:${port}`), { code: 'ETIMEDOUT' })));
    socket.once('error', reject);
  });
}

/** HTTP CONNECT (RFC 9110 §9.3.6) through the edge's forward proxy; resolves once the tunnel is open. */
function openTunnel(socket: Socket, hostname: string, port: number, vantage: Vantage): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > maxProxyResponseBytes) reject(new Error('proxy response head too large'));
        return;
      }
      socket.off('data', onData);
      socket.off('error', reject);
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const status = Number(statusLine.split(' ')[1]);
      if (status === 200) {
        if (end + 4 < head.length) socket.unshift(head.subarray(end + 4));
        resolve(socket);
        return;
      }
      socket.destroy();
      const body = head.subarray(end + 4).toString('utf8').trim();
      reject(new LabError({
        code: 'PROXY_REFUSED',
        statusCode: 502,
        message: `the forward proxy refused CONNECT ${hostname}:${port} with "${statusLine}"${body ? `: ${body}` : ''}`,
        hop: `${vantage.from} → proxy → ${hostname}`,
      }));
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(`CONNECT ${hostname}:${port} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUser-Agent: hybrid-lab/${vantage.from}\r\n\r\n`);
  });
}

function startTls(socket: Socket | undefined, address: string, port: number, servername: string, tls: ClientTls, localAddress?: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      ...(socket ? { socket } : { host: address, port, localAddress }),
      servername,
      ca: [tls.ca],
      cert: tls.cert,
      key: tls.key,
      ALPNProtocols: ['http/1.1'],
      timeout: connectTimeoutMs,
    });
    secure.once('secureConnect', () => {
      secure.setTimeout(0);
      resolve(secure);
    });
    secure.once('timeout', () => secure.destroy(Object.assign(new Error('TLS handshake timed out'), { code: 'ETIMEDOUT' })));
    secure.once('error', reject);
  });
}

/** Opens a verified TLS connection to hostname:port along a planned route. */
export async function connectTls(vantage: Vantage, tls: ClientTls, hostname: string, port: number, route?: Route): Promise<TLSSocket> {
  try {
    const planned = route ?? (await planRoute(vantage, hostname));
    if (planned.kind === 'direct') return await startTls(undefined, planned.address, port, hostname, tls, sourceAddressFor(vantage, planned.address));
    const tunnel = await openTunnel(await openTcp(planned.proxyAddress, planned.proxyPort, sourceAddressFor(vantage, planned.proxyAddress)), hostname, port, vantage);
    return await startTls(tunnel, '', port, hostname, tls);
  } catch (error) {
    throw describeConnectError(error, vantage, hostname);
  }
}

/** An undici connector that dials through the lab's resolver, routing and proxy. */
export function labConnector(vantage: Vantage, tls: ClientTls): buildConnector.connector {
  return (options, callback) => {
    if (options.protocol !== 'https:') {
      callback(new LabError({ code: 'PLAINTEXT_REFUSED', statusCode: 502, expose: true, message: `lab clients speak HTTPS only, not ${options.protocol}`, hop: `${vantage.from} → ${options.hostname}` }), null);
      return;
    }
    const port = Number(options.port) || 443;
    connectTls(vantage, tls, options.hostname, port).then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error, null),
    );
  };
}
