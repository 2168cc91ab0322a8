import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { activeSyncCodePages, decodeWbxml, encodeWbxml, isElement, mbUint32, wbxml, type WbxmlElement } from '../index.ts';

const fh = (name: string, ...children: (WbxmlElement | string | number)[]): WbxmlElement => wbxml('FolderHierarchy', name, ...children);

/** FolderSync with SyncKey 0, written out by hand from WAP-192 §5 and [MS-ASWBXML] code page 7. */
const folderSyncRequest = Uint8Array.from([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0x52, 0x03, 0x30, 0x00, 0x01, 0x01]);

const response = fh(
  'FolderSync',
  fh('Status', 1),
  fh('SyncKey', '1'),
  fh('Changes', fh('Count', 2), fh('Add', fh('ServerId', '1'), fh('ParentId', '0'), fh('DisplayName', 'Inbox & <Stuff> é'), fh('Type', 2)), fh('Add', fh('ServerId', '2'), fh('ParentId', '0'), fh('DisplayName', 'Calendar'), fh('Type', 8))),
);

function refused(bytes: number[] | Uint8Array, pattern: RegExp, options = {}): void {
  assert.throws(
    () => decodeWbxml(Uint8Array.from(bytes), activeSyncCodePages, options),
    (error: unknown) => error instanceof LabError && error.code === 'WBXML_MALFORMED' && error.statusCode === 400 && pattern.test(error.message),
  );
}

describe('WBXML as ActiveSync speaks it', () => {
  it('writes multi-byte integers as WAP-192 §5.1 does (0xA0 is 0x81 0x20)', () => {
    assert.deepEqual(mbUint32(0), [0x00]);
    assert.deepEqual(mbUint32(0x7f), [0x7f]);
    assert.deepEqual(mbUint32(0xa0), [0x81, 0x20]);
    assert.deepEqual(mbUint32(0x4000), [0x81, 0x80, 0x00]);
  });

  it('encodes a FolderSync request to the bytes the specification gives', () => {
    assert.deepEqual([...encodeWbxml(fh('FolderSync', fh('SyncKey', '0')), activeSyncCodePages)], [...folderSyncRequest]);
  });

  it('decodes those bytes back to FolderHierarchy:FolderSync with SyncKey 0', () => {
    assert.deepEqual(decodeWbxml(folderSyncRequest, activeSyncCodePages), fh('FolderSync', fh('SyncKey', '0')));
  });

  it('round-trips a FolderSync response, UTF-8 text and empty elements included', () => {
    const withEmpty = fh('FolderSync', ...response.children.filter(isElement), fh('Folders'));
    assert.deepEqual(decodeWbxml(encodeWbxml(withEmpty, activeSyncCodePages), activeSyncCodePages), withEmpty);
  });

  it('reads opaque data and string-table references', () => {
    const bytes = [0x03, 0x00, 0x00, 0x6a, 0x04, 0x61, 0x62, 0x00, 0x00, 0x00, 0x07, 0x56, 0x52, 0x83, 0x00, 0xc3, 0x02, 0x31, 0x32, 0x01, 0x01];
    const decoded = decodeWbxml(Uint8Array.from(bytes), activeSyncCodePages);
    const syncKey = decoded.children[0] as WbxmlElement;
    assert.equal(syncKey.children[0], 'ab');
    assert.deepEqual([...(syncKey.children[1] as Uint8Array)], [0x31, 0x32]);
  });

  it('refuses what ActiveSync never sends, saying what and where', () => {
    refused([0x02, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x16], /version 0x2 is not WBXML 1\.3/);
    refused([0x03, 0x01, 0x04, 0x00, 0x00, 0x07, 0x16], /charset 4 is not UTF-8/);
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x09, 0x16], /code page 9 is not one this service speaks/);
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x3f], /tag 0x3f is not known on code page 7/);
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0xd6, 0x01, 0x01], /attributes are not used/);
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0x02, 0x41, 0x01], /global token 0x2/);
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0x52, 0x03, 0x30], /no terminating NUL/);
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0xc3, 0x7f, 0x00, 0x01], /127 bytes announced/);
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0x52], /ends too early/);
    refused([...folderSyncRequest, 0x16], /1 bytes follow the root element/);
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0x56, 0x56, 0x56, 0x01, 0x01, 0x01, 0x01], /nesting deeper than 3/, { maxDepth: 3 });
    refused([0x03, 0x01, 0x6a, 0x00, 0x00, 0x07, 0x56, 0x05, 0x05, 0x05, 0x01], /more than 3 elements/, { maxElements: 3 });
  });

  it('refuses to encode a tag no code page defines', () => {
    assert.throws(() => encodeWbxml(wbxml('AirSync', 'Sync'), activeSyncCodePages), /no WBXML token for AirSync:Sync/);
  });
});

/** Debian's libwbxml (wbxml2xml, xml2wbxml) as an independent oracle for code page 7 and the framing. */
const installed = spawnSync('wbxml2xml', []).error === undefined;

function xmlOf(element: WbxmlElement): string {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inner = element.children.map((child) => (typeof child === 'string' ? escape(child) : isElement(child) ? xmlOf(child) : '')).join('');
  return inner === '' ? `<${element.name}/>` : `<${element.name}>${inner}</${element.name}>`;
}

describe('libwbxml as an independent oracle', { skip: installed ? false : 'libwbxml2-utils (wbxml2xml) is not installed' }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-wbxml-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('wbxml2xml reads the lab’s FolderSync response as the same FolderHierarchy document', () => {
    writeFileSync(join(dir, 'response.wbxml'), encodeWbxml(response, activeSyncCodePages));
    const run = spawnSync('wbxml2xml', ['-l', 'ACTIVESYNC', '-m', '0', '-o', join(dir, 'response.xml'), join(dir, 'response.wbxml')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const xml = readFileSync(join(dir, 'response.xml'), 'utf8').replace(/^<\?xml[^>]*\?><!DOCTYPE[^>]*>/, '');
    assert.equal(xml, xmlOf(response).replace('<FolderSync>', '<FolderSync xmlns="FolderHierarchy:">'));
  });

  it('the lab decodes what xml2wbxml writes, every code page 7 tag included', () => {
    const tags = Object.values(activeSyncCodePages[7]!.tags).filter((name) => name !== 'FolderSync');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">\n<FolderSync xmlns="FolderHierarchy:">${tags.map((name) => `<${name}>x</${name}>`).join('')}</FolderSync>`;
    writeFileSync(join(dir, 'all.xml'), xml);
    const run = spawnSync('xml2wbxml', ['-v', '1.3', '-o', join(dir, 'all.wbxml'), join(dir, 'all.xml')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const decoded = decodeWbxml(readFileSync(join(dir, 'all.wbxml')), activeSyncCodePages);
    assert.deepEqual(decoded, fh('FolderSync', ...tags.map((name) => fh(name, 'x'))));
  });
});
