import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/domain/passwords.js';
import { PasswordVerifications } from '../src/domain/passwordVerifications.js';

describe('password verifications', () => {
  it('take turns between client addresses: a sign-in from another address does not wait behind one address’s many', async () => {
    const verifications = new PasswordVerifications();
    const hash = await hashPassword('right');
    const finished: string[] = [];
    const verify = (client: string, password: string, label: string) =>
      verifications.verify(client, password, hash).then((matches) => {
        finished.push(label);
        return matches;
      });
    const flood = Array.from({ length: 8 }, (_, i) => verify('10.0.0.66', 'wrong', `flood${i}`));
    const correct = verify('10.0.0.7', 'right', 'correct');
    expect(await correct).toBe(true);
    expect(await Promise.all(flood)).toEqual(Array(8).fill(false));
    // Two run at once: the flood's first two, then the flood and the other address in turn, so the correct
    // one starts fourth (it would start last, after all eight, in one line); runs at once may end in any order.
    expect(finished.indexOf('correct')).toBeLessThan(6);
  });

  it('answers false for a user without a password (an unknown one too), after the same scrypt verification against a hash made at start', async () => {
    const checked: Array<[string, string]> = [];
    const verifications = new PasswordVerifications(async (password, hash) => {
      checked.push([password, hash]);
      return verifyPassword(password, hash);
    });
    expect(await verifications.verify('10.0.0.7', '', null)).toBe(false);
    expect(await verifications.verify('10.0.0.7', 'anything', null)).toBe(false);
    const realHash = await hashPassword('right');
    expect(await verifications.verify('10.0.0.7', 'right', realHash)).toBe(true);
    expect(checked.map(([password]) => password)).toEqual(['', 'anything', 'right']);
    const [dummy, again, real] = checked.map(([, hash]) => hash) as [string, string, string];
    expect(dummy).toBe(again);
    // The same scheme and parameters as a user's hash: the same work.
    expect(dummy.replace(/\$[^$]*\$[^$]*$/, '')).toBe(real.replace(/\$[^$]*\$[^$]*$/, ''));
    expect(dummy.length).toBe(real.length);
  });
});
