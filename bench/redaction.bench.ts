/**
 * Time to redact one message of the maximum default length (10 000 characters), for ordinary text and
 * for texts built to be expensive:
 *   npx ts-node --transpile-only bench/redaction.bench.ts      (ROUNDS=50 to change the rounds per text)
 * Prints the median and the worst time per text.
 */
import { performance } from 'node:perf_hooks';
import { redactSensitive } from '../src/core/sensitive/redaction';

const LENGTH = 10_000;
const rounds = Number(process.env.ROUNDS ?? 20);

const texts: Record<string, string> = {
  'chat text with phone numbers and a card': (
    'Hola, quiero una visita el martes 12 a las 10:30, mi teléfono es 612 345 678. ' +
    'Pago con 4111 1111 1111 1111, caduca 12/29. '
  ).repeat(80),
  'single digits separated by spaces': Array.from({ length: LENGTH }, (_, i) => String(i % 10)).join(' '),
  'four-digit groups': Array.from({ length: 2000 }, (_, i) => String(1000 + ((i * 7919) % 9000))).join(' '),
  'digits and two-letter groups': Array.from({ length: 3300 }, (_, i) =>
    i % 2 ? 'ab' : String(i % 100),
  ).join('-'),
  'one long digit run': '4'.repeat(LENGTH),
};

for (const [name, full] of Object.entries(texts)) {
  const text = full.slice(0, LENGTH);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    redactSensitive(text, ['ES', 'SE', 'US']);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `${name.padEnd(42)} median ${median.toFixed(1)} ms, worst ${times[times.length - 1].toFixed(1)} ms`,
  );
}
