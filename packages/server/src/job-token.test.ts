import { describe, expect, it } from 'vitest';
import { type JobTokenClaims, signJobToken, verifyJobToken } from './job-token';

const secret = 'a-signing-secret-of-at-least-32-characters';
const claims: JobTokenClaims = {
  requestId: '8d0c7c2e-2f1e-4b8e-9a57-0e4c8d9b1f00',
  userId: 'alice',
  createdAt: 1_795_000_000_000,
  expiresAt: 1_795_003_600_000,
  input: { aspectRatio: '9:16', duration: 10, resolution: '480p', generateAudio: true },
  slotId: 'slot-1',
};

describe('job tokens', () => {
  it('round-trip their claims', async () => {
    const token = await signJobToken(claims, [secret]);
    expect(token).toMatch(/^v1\.[\w-]+\.[\w-]{43}$/);
    expect(await verifyJobToken(token, [secret])).toEqual({ ok: true, claims });
  });

  it('verify with a previous secret after rotation, and not with an unknown one', async () => {
    const token = await signJobToken(claims, [secret]);
    expect((await verifyJobToken(token, ['a-newer-secret-of-at-least-32-characters!', secret])).ok).toBe(true);
    expect(await verifyJobToken(token, ['a-newer-secret-of-at-least-32-characters!'])).toEqual({
      ok: false,
      problem: 'bad-signature',
    });
  });

  it('have exactly one spelling: a non-canonical last character is refused', async () => {
    const token = await signJobToken(claims, [secret]);
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The 43rd character of a 32-byte signature carries 4 bits; its 3 siblings decode to the same bytes.
    const index = alphabet.indexOf(last);
    const siblings = [0, 1, 2, 3].map((low) => alphabet[(index & ~3) | low]).filter((character) => character !== last);
    for (const sibling of siblings) {
      expect(await verifyJobToken(`${token.slice(0, -1)}${sibling}`, [secret])).toEqual({
        ok: false,
        problem: 'malformed',
      });
    }
  });

  it.each([
    ['no version', 'x.y.z'],
    ['two parts', 'v1.abc'],
    ['a non-base64 signature', 'v1.abc.***'],
    ['an overlong token', `v1.${'a'.repeat(3000)}.b`],
  ])('refuse %s as malformed', async (_name, token) => {
    expect(await verifyJobToken(token, [secret])).toEqual({ ok: false, problem: 'malformed' });
  });
});
