export { activeSyncCodePages, type CodePage, type CodePages } from './code-pages.ts';
export { decodeWbxml, type DecodeOptions } from './decode.ts';
export { encodeWbxml, mbUint32 } from './encode.ts';
export { childrenNamed, isElement, textOf, wbxml, type WbxmlElement, type WbxmlNode } from './model.ts';
