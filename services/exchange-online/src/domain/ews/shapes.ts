import type { Element } from '@xmldom/xmldom';
import { childElements } from '../../../../../shared/xml/dom.ts';
import { ewsFault } from '../../../../../shared/ews/ews-fault.ts';
import { ewsNs } from '../../../../../shared/ews/namespaces.ts';

/** `t:BaseShape` of a FolderShape or ItemShape (DefaultShapeNamesType): which properties come back. */
export type BaseShape = 'IdOnly' | 'Default' | 'AllProperties';

const shapes: ReadonlySet<string> = new Set(['IdOnly', 'Default', 'AllProperties']);

export function baseShape(operation: Element, shapeElement: 'FolderShape' | 'ItemShape'): BaseShape {
  const shape = childElements(operation, ewsNs.messages, shapeElement)[0];
  const value = shape ? childElements(shape, ewsNs.types, 'BaseShape')[0]?.textContent?.trim() : undefined;
  if (value === undefined) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: ${operation.localName} needs m:${shapeElement}/t:BaseShape.`);
  if (!shapes.has(value)) throw ewsFault('ErrorSchemaValidation', `The request failed schema validation: '${value.slice(0, 40)}' is not a BaseShape (IdOnly, Default or AllProperties).`);
  return value as BaseShape;
}
