import type { Document, Element, Node } from '@xmldom/xmldom';
import { childElements, elementsNamed, findElements, isElement } from '../xml/dom.ts';
import { samlError } from './errors.ts';
import type { AssertionDialect } from './dialect.ts';
import { DSIG_NS } from './namespaces.ts';

/**
 * The shape checks of security.md's wrapping rows, made on the parsed tree before any
 * cryptography: one assertion, one signature whose parent is that assertion, one
 * SignedInfo with one Reference naming the assertion's ID, and that ID occurring once.
 * They are defence in depth: claims are read only from what xml-crypto verified anyway.
 */
export interface SignatureParts {
  readonly assertion: Element;
  readonly assertionId: string;
  readonly signature: Element;
  readonly signedInfo: Element;
  readonly reference: Element;
}

const COMMENT_NODE = 8;
const PROCESSING_INSTRUCTION_NODE = 7;
const idAttributeNames = new Set(['AssertionID', 'ID', 'Id', 'id']);

function theOnlyAssertion(document: Document, dialect: AssertionDialect): Element {
  // Any namespace: an assertion of the other SAML version smuggled beside this one is wrapping too.
  const assertions = findElements(document, (element) => element.localName === 'Assertion');
  if (assertions.length === 0) throw samlError('XML_REJECTED', `the document holds no ${dialect.label} Assertion`);
  if (assertions.length > 1) throw samlError('SAML_WRAPPED', `the document holds ${assertions.length} assertions; exactly one is accepted`);
  const [assertion] = assertions as [Element];
  if (assertion.namespaceURI !== dialect.namespace) throw samlError('SAML_WRAPPED', `the assertion is in namespace ${String(assertion.namespaceURI)}, not ${dialect.label}`);
  if (assertion !== document.documentElement) throw samlError('SAML_WRAPPED', 'the assertion is not the document element');
  return assertion;
}

function theOnlySignature(document: Document, assertion: Element): Element {
  const signatures = elementsNamed(document, DSIG_NS, 'Signature');
  if (signatures.length === 0) throw samlError('SAML_UNSIGNED', 'the assertion carries no ds:Signature');
  if (signatures.length > 1) throw samlError('SAML_WRAPPED', `the document holds ${signatures.length} ds:Signature elements; exactly one is accepted`);
  const [signature] = signatures as [Element];
  if (signature.parentNode !== assertion) throw samlError('SAML_WRAPPED', 'the ds:Signature is not a child of the assertion');
  if (childElements(signature, DSIG_NS, 'Object').length > 0) throw samlError('SAML_WRAPPED', 'the ds:Signature carries a ds:Object');
  return signature;
}

function theOnlySignedInfo(document: Document, signature: Element): Element {
  const signedInfos = elementsNamed(document, DSIG_NS, 'SignedInfo');
  if (signedInfos.length !== 1) throw samlError('SAML_WRAPPED', `the document holds ${signedInfos.length} ds:SignedInfo elements; exactly one is accepted`);
  const [signedInfo] = signedInfos as [Element];
  if (signedInfo.parentNode !== signature) throw samlError('SAML_WRAPPED', 'the ds:SignedInfo is not a child of the ds:Signature');
  return signedInfo;
}

function theOnlyReference(document: Document, signedInfo: Element, assertionId: string): Element {
  const references = elementsNamed(document, DSIG_NS, 'Reference');
  if (references.length !== 1 || references[0]!.parentNode !== signedInfo) throw samlError('SAML_WRAPPED', `the signature holds ${references.length} ds:Reference elements; exactly one, in SignedInfo, is accepted`);
  const [reference] = references as [Element];
  if (reference.getAttribute('URI') !== `#${assertionId}`) throw samlError('SAML_WRAPPED', `the ds:Reference URI "${String(reference.getAttribute('URI'))}" does not name the assertion "${assertionId}"`);
  return reference;
}

function idOccursOnce(document: Document, id: string): void {
  const holders = findElements(document, (element) => Array.from(element.attributes).some((attribute) => idAttributeNames.has(attribute.localName ?? attribute.name) && attribute.value === id));
  if (holders.length !== 1) throw samlError('SAML_WRAPPED', `the ID "${id}" occurs on ${holders.length} elements; exactly one is accepted`);
}

/**
 * Exclusive c14n drops comments, so `user@x.test<!---->.evil.test` would still digest as
 * signed (CVE-2017-11427). The lab's tokens never carry comments or processing instructions,
 * so any inside the signed assertion fails the signature outright.
 */
function noCommentsOrInstructions(assertion: Element): void {
  const stack: Node[] = [assertion];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === COMMENT_NODE || node.nodeType === PROCESSING_INSTRUCTION_NODE) {
      throw samlError('SAML_SIGNATURE', `the signed assertion contains a ${node.nodeType === COMMENT_NODE ? 'comment' : 'processing instruction'}`);
    }
    if (isElement(node)) stack.push(...Array.from(node.childNodes));
  }
}

/** Finds the one signed assertion of `document` and its signature parts, or throws SAML_UNSIGNED / SAML_WRAPPED / SAML_SIGNATURE. */
export function locateSignedAssertion(document: Document, dialect: AssertionDialect): SignatureParts {
  const assertion = theOnlyAssertion(document, dialect);
  const assertionId = assertion.getAttribute(dialect.idAttribute);
  if (!assertionId) throw samlError('SAML_WRAPPED', `the assertion has no ${dialect.idAttribute}`);
  const signature = theOnlySignature(document, assertion);
  const signedInfo = theOnlySignedInfo(document, signature);
  const reference = theOnlyReference(document, signedInfo, assertionId);
  idOccursOnce(document, assertionId);
  noCommentsOrInstructions(assertion);
  return { assertion, assertionId, signature, signedInfo, reference };
}
