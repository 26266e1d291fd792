import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError } from '../api/client';
import type { SessionResponse } from '../api/contract';
import { readDeepLink, startSession, withoutDeepLink } from './startSession';

const alice = { corpId: 'corpA', corpName: 'Corp A', userId: 'alice', name: 'Alice', isAdmin: true };

/** An ApiClient whose session calls answer as given. */
function fakeApi(session: SessionResponse, devSignIn: () => Promise<SessionResponse>) {
  const api = new ApiClient();
  vi.spyOn(api, 'session').mockResolvedValue(session);
  const devSignInSpy = vi.spyOn(api, 'devSignIn').mockImplementation(devSignIn);
  return { api, devSignInSpy };
}

describe('the dev deep link', () => {
  it('is read from corpId and userId, and removed keeping the rest', () => {
    expect(readDeepLink('?corpId=corpA&userId=alice')).toEqual({ corpId: 'corpA', userId: 'alice' });
    expect(readDeepLink('?corpId=corpA')).toBeNull();
    expect(readDeepLink('?corpId=&userId=alice')).toBeNull();
    expect(withoutDeepLink('/', '?corpId=corpA&userId=alice')).toBe('/');
    expect(withoutDeepLink('/console', '?tab=directory&corpId=corpA&userId=alice')).toBe('/console?tab=directory');
  });

  it('signs in as its user in dev mode, and cleans the URL', async () => {
    const { api, devSignInSpy } = fakeApi({ user: null, dev: true }, async () => ({ user: alice, dev: true }));
    const cleanUrl = vi.fn();
    const started = await startSession(api, '?corpId=corpA&userId=alice', cleanUrl);
    expect(devSignInSpy).toHaveBeenCalledWith({ corpId: 'corpA', userId: 'alice' });
    expect(cleanUrl).toHaveBeenCalledOnce();
    expect(started).toEqual({ session: { user: alice, dev: true }, deepLink: null, deepLinkError: null });
  });

  it('outside dev mode only prefills the sign-in form', async () => {
    const { api, devSignInSpy } = fakeApi({ user: null, dev: false }, async () => ({ user: alice, dev: false }));
    const started = await startSession(api, '?corpId=corpA&userId=alice', () => {});
    expect(devSignInSpy).not.toHaveBeenCalled();
    expect(started.deepLink).toEqual({ corpId: 'corpA', userId: 'alice' });
    expect(started.session.user).toBeNull();
  });

  it('reports an unknown user with the server’s error', async () => {
    const unknown = new ApiError(400, 'invalidCredentials', 'No such user.');
    const { api } = fakeApi({ user: null, dev: true }, async () => {
      throw unknown;
    });
    const started = await startSession(api, '?corpId=corpA&userId=nobody', () => {});
    expect(started.deepLinkError).toBe(unknown);
    expect(started.deepLink).toEqual({ corpId: 'corpA', userId: 'nobody' });
  });

  it('leaves the session alone without a deep link', async () => {
    const { api, devSignInSpy } = fakeApi({ user: alice, dev: true }, async () => ({ user: null, dev: true }));
    const cleanUrl = vi.fn();
    expect((await startSession(api, '?tab=directory', cleanUrl)).session.user).toEqual(alice);
    expect(devSignInSpy).not.toHaveBeenCalled();
    expect(cleanUrl).not.toHaveBeenCalled();
  });
});
