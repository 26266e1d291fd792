import { describe, expect, it } from 'vitest';
import { hashPassword } from '../src/domain/passwords.js';
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

  it('answers false for a user without a password, after the same verification', async () => {
    const verifications = new PasswordVerifications();
    expect(await verifications.verify('10.0.0.7', '', null)).toBe(false);
    expect(await verifications.verify('10.0.0.7', 'anything', null)).toBe(false);
  });
});
