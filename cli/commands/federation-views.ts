import { createHash, X509Certificate } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { LabError } from '../../shared/errors/lab-error.ts';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { verifyFederationMetadata } from '../../shared/saml/metadata-verify.ts';
import { parseXml } from '../../shared/xml/safe-parse.ts';

/**
 * The two sides of a federation, as Get-MsolFederationProperty shows them (client-flows
 * §2.5): AD FS's, read from its signed federation metadata — the certificate whose key
 * signed it is the primary, another published signing certificate the secondary — and
 * the cloud's, from the domain's federation settings. Certificates are SHA-1 thumbprints.
 */
export type View = Record<string, string | null>;

export interface Row {
  readonly property: string;
  readonly adfs: string | null;
  readonly cloud: string | null;
  readonly match: boolean;
}

const fs = 'https://fs.contoso.test';
const ns = { md: 'urn:oasis:names:tc:SAML:2.0:metadata', fed: 'http://docs.oasis-open.org/wsfed/federation/200706', ds: 'http://www.w3.org/2000/09/xmldsig#', wsa: 'http://www.w3.org/2005/08/addressing' };
const properties = ['IssuerUri', 'PassiveLogOnUri', 'ActiveLogOnUri', 'MetadataExchangeUri', 'LogOffUri', 'SigningCertificate', 'NextSigningCertificate'] as const;

export const thumbprint = (base64Der: string | null | undefined): string | null => (base64Der ? createHash('sha1').update(Buffer.from(base64Der, 'base64')).digest('hex').toUpperCase() : null);
const pemOf = (base64Der: string): string => new X509Certificate(Buffer.from(base64Der, 'base64')).toString();

/** The signing certificates the metadata lists, before anything is verified: only candidates for the check below. */
function listedCertificates(document: Document): string[] {
  const keys = Array.from(document.getElementsByTagNameNS(ns.md, 'KeyDescriptor')).filter((key) => (key.getAttribute('use') ?? 'signing') === 'signing');
  const texts = keys.map((key) => key.getElementsByTagNameNS(ns.ds, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '') ?? '');
  return [...new Set(texts.filter(Boolean))];
}

/** Which published certificate signed the metadata, checked with xml-crypto; AD FS signs it with its primary. */
function signingCertificatesOf(xml: string, document: Document): { primary: string | null; secondary: string | null } {
  const listed = listedCertificates(document);
  if (listed.length === 0) return { primary: null, secondary: null };
  try {
    const verified = verifyFederationMetadata(xml, listed.map(pemOf));
    const primary = new X509Certificate(verified.signedBy).raw.toString('base64');
    return { primary, secondary: verified.signingCertificates.find((certificate) => certificate !== primary) ?? null };
  } catch (error) {
    throw new LabError({ code: 'ADFS_METADATA', statusCode: 502, message: `AD FS's metadata is not signed by any certificate it publishes: ${error instanceof Error ? error.message : String(error)}`, hop: 'lab → fs.contoso.test', cause: error });
  }
}

export async function adfsView(http: LabHttpClient): Promise<View> {
  const response = await http.request(`${fs}/FederationMetadata/2007-06/FederationMetadata.xml`);
  if (response.status !== 200) throw new LabError({ code: 'ADFS_METADATA', statusCode: 502, message: `AD FS answered its metadata with HTTP ${response.status}`, hop: 'lab → fs.contoso.test' });
  const document = parseXml(response.body, { maxBytes: 1024 * 1024 });
  const first = (namespace: string, name: string, within: Document | Element = document) => within.getElementsByTagNameNS(namespace, name)[0];
  const addressIn = (element: Element | undefined) => (element ? (first(ns.wsa, 'Address', element)?.textContent?.trim() ?? null) : null);
  const { primary, secondary } = signingCertificatesOf(response.body, document);
  return {
    IssuerUri: document.documentElement?.getAttribute('entityID') ?? null,
    PassiveLogOnUri: addressIn(first(ns.fed, 'PassiveRequestorEndpoint')),
    LogOffUri: addressIn(first(ns.fed, 'PassiveRequestorEndpoint')),
    ActiveLogOnUri: `${fs}/adfs/services/trust/2005/usernamemixed`,
    MetadataExchangeUri: `${fs}/adfs/services/trust/mex`,
    SigningCertificate: thumbprint(primary),
    NextSigningCertificate: thumbprint(secondary),
  };
}

/** The cloud's settings as the admin API returns them, certificates as thumbprints. */
export function cloudViewOf(settings: Record<string, unknown>): View {
  const text = (name: string) => (typeof settings[name] === 'string' ? (settings[name] as string) : null);
  return { ...Object.fromEntries(properties.map((property) => [property, text(property)])), SigningCertificate: thumbprint(text('SigningCertificate')), NextSigningCertificate: thumbprint(text('NextSigningCertificate')) };
}

export function compareViews(adfs: View, cloud: View): Row[] {
  return properties.map((property) => ({ property, adfs: adfs[property] ?? null, cloud: cloud[property] ?? null, match: (adfs[property] ?? null) === (cloud[property] ?? null) }));
}

/**
 * What the certificate rows mean for sign-ins, in words: the outage (AD FS signs with a
 * certificate the cloud does not trust), the step before promotion (the cloud has not
 * learned AD FS's next certificate), and a stale trust (the cloud trusts one AD FS dropped).
 */
export function certificateFindings(adfs: View, cloud: View, domain: string): string[] {
  const trusted = [cloud.SigningCertificate, cloud.NextSigningCertificate].filter(Boolean);
  const published = [adfs.SigningCertificate, adfs.NextSigningCertificate].filter(Boolean);
  if (!cloud.SigningCertificate) return [];
  const findings: string[] = [];
  if (adfs.SigningCertificate && !trusted.includes(adfs.SigningCertificate)) {
    findings.push(`AD FS signs tokens with ${adfs.SigningCertificate}, which the cloud does not trust: federated sign-ins fail with AADSTS50008. Its metadata cannot convince the cloud either; register again with lab federate ${domain}.`);
  }
  if (adfs.NextSigningCertificate && !trusted.includes(adfs.NextSigningCertificate)) {
    findings.push(`AD FS publishes ${adfs.NextSigningCertificate} beside its primary, which the cloud has not learned yet: run lab federation refresh ${domain} before lab adfs rollover --phase promote.`);
  }
  for (const stale of trusted.filter((certificate) => !published.includes(certificate))) {
    findings.push(`the cloud still trusts ${stale}, which AD FS no longer publishes: lab federation refresh ${domain} drops it.`);
  }
  return findings;
}
