/** The RST builder lives in shared/ws-trust; the tests use it with their broken-variant knobs. */
export { buildRst, endpointOf, type RstOptions } from '../../../../shared/ws-trust/rst.ts';
