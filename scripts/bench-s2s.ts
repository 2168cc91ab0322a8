/**
 * `npm run bench:s2s [-- --seconds 5]`: a measurement, not a test (issue 5). On one core:
 * raw RSA-2048 signatures (the physical limit), S2S app tokens issued through azure-auth's
 * real route with every check, and receiver validations — measured by
 * scripts/bench/s2s-rates.ts, which bench:freebusy runs too. Binds no address, so it needs
 * no lock. Prints Markdown.
 */
import { parseArgs } from 'node:util';
import { measureS2SRates } from './bench/s2s-rates.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });
const seconds = Number(values.seconds);

const rates = await measureS2SRates(seconds);
console.log(`| measurement (one core, ${seconds} s each) | per second |\n|---|---|`);
console.log(`| raw RSA-2048 SHA-256 signatures (parsed key) | ${Math.round(rates.rsaSignatures)} |`);
console.log(`| S2S app tokens issued (tokens/OAuth/2 via inject, full checks) | ${Math.round(rates.tokensIssued)} |`);
console.log(`| outer + actor tokens validated by a receiver | ${Math.round(rates.validations)} |`);
