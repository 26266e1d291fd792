import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSecretParameters } from '../src/logging.js';

/** The query parameters whose values never reach the logs (docs/behaviour.md, Logs). */
const SECRET_NAMES = ['appsecret', 'suitesecret', 'clientsecret', 'secret', 'access_token', 'accesstoken', 'token', 'session', 'sign', 'ticket', 'password'];

/** `name` spelled as a client might: each letter in either case, each character as itself or percent-encoded (either case of hex). */
const spellingOf = (name: string) =>
  fc.tuple(...[...name].map(() => fc.tuple(fc.boolean(), fc.constantFrom('plain', 'escaped', 'ESCAPED')))).map((choices) =>
    [...name]
      .map((character, i) => {
        const [upper, form] = choices[i] as [boolean, string];
        const cased = upper ? character.toUpperCase() : character;
        if (form === 'plain') return cased;
        const hex = cased.charCodeAt(0).toString(16).padStart(2, '0');
        return `%${form === 'ESCAPED' ? hex.toUpperCase() : hex}`;
      })
      .join(''),
  );

describe('masking secret query parameters, for any spelling of their names', () => {
  it('never lets a secret value through, and keeps every other parameter as it came (1,000 generated URLs)', () => {
    const secretParameter = fc.tuple(fc.constantFrom(...SECRET_NAMES).chain(spellingOf), fc.stringMatching(/^[A-Za-z0-9]{12,24}$/));
    const otherParameter = fc.tuple(fc.constantFrom('appkey', 'timestamp', 'robotCode', 'userid'), fc.stringMatching(/^[a-z0-9]{1,8}$/));
    fc.assert(
      fc.property(fc.array(otherParameter, { maxLength: 3 }), secretParameter, fc.array(otherParameter, { maxLength: 3 }), (before, [name, value], after) => {
        const secret = `SECRET${value}`;
        const query = [...before.map(([n, v]) => `${n}=${v}`), `${name}=${secret}`, ...after.map(([n, v]) => `${n}=${v}`)].join('&');
        const masked = maskSecretParameters(`/gettoken?${query}`);
        expect(masked).not.toContain(secret);
        expect(masked).toContain(`${name}=[redacted]`);
        for (const [n, v] of [...before, ...after]) expect(masked).toContain(`${n}=${v}`);
      }),
      { numRuns: 1000 },
    );
  });
});
