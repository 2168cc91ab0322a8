import { ewsFault } from '../../../../../shared/ews/ews-fault.ts';
import { findItem } from './find-item.ts';
import { getFolder } from './get-folder.ts';
import { getUserAvailabilityOperation } from './get-user-availability.ts';
import type { EwsOperation } from './operation.ts';

/** The EWS operations the lab implements, by element name (style.md: protocol variants dispatch through a map). */
const operations: Readonly<Record<string, EwsOperation>> = {
  GetFolder: getFolder,
  FindItem: findItem,
  /** The availability request's body element is `GetUserAvailabilityRequest` (DEV getuseravailability-operation.md). */
  GetUserAvailabilityRequest: getUserAvailabilityOperation,
};

export function ewsOperation(name: string): EwsOperation {
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) throw ewsFault('ErrorInvalidRequest', `The lab's EWS implements ${Object.keys(operations).join(', ')}; ${name.slice(0, 60)} is not implemented.`);
  return operation;
}
