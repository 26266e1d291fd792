import { timingSafeEqual } from 'node:crypto';

/** Compares two secrets in constant time (app and suite secrets, signs, stored secrets); only a length difference shows. */
export function secretsMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
