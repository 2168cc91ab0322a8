import { LabError } from '../../../../../shared/errors/lab-error.ts';

/**
 * The S2S token service's refusals, as Azure AD words them: the AADSTS number is the
 * stable `code` (the OAuth `error_description` reads `AADSTS700027: …`), the wire code
 * is RFC 6749 §5.2's. A client whose assertion fails is `invalid_client` (401); a
 * resource the tenant does not have is `invalid_resource` (400, Azure AD's extension).
 */
const hop = 'caller → accounts.accesscontrol.windows.test (S2S token service)';

export function invalidRequest(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 400, wireCode: 'invalid_request', message, hop });
}

export function invalidClient(code: string, message: string, cause?: unknown): LabError {
  return new LabError({ code, statusCode: 401, wireCode: 'invalid_client', message, hop, cause });
}

export function invalidResource(message: string): LabError {
  return new LabError({ code: 'AADSTS500011', statusCode: 400, wireCode: 'invalid_resource', message, hop });
}

/** AADSTS700027 with Azure AD's `[Reason - …]` tail: the key was not found, is not valid now, or the signature is wrong. */
export function invalidSignature(reason: string, x5t: string): LabError {
  return invalidClient('AADSTS700027', `Client assertion contains an invalid signature. [Reason - ${reason}, Thumbprint of key used by client: '${x5t}']`);
}
