import type { DirectoryStore } from '../store/directoryStore.js';
import { ApiError } from './errors.js';
import type { SessionUser } from './webSessions.js';

/**
 * Who reaches which corp's console (docs/behaviour.md, Web client and console): in dev
 * mode anyone, signed in or not, reaches every corp's (like the control plane);
 * otherwise only a corp's admins reach their own corp's.
 */
export class ConsoleAccess {
  constructor(
    private readonly dev: boolean,
    private readonly directory: Pick<DirectoryStore, 'listCorps' | 'findCorp'>,
  ) {}

  /** The corp a console call of `viewer` works on: `requestedCorpId`, or the viewer's own corp when absent. */
  corpFor(viewer: SessionUser | null, requestedCorpId: string | undefined): string {
    if (this.dev) {
      const corpId = requestedCorpId ?? viewer?.corpId;
      if (corpId === undefined) throw new ApiError(400, 'invalidParameter.corpId.missing', 'Pick a corp: add ?corpId= to the console call.');
      return corpId;
    }
    if (viewer === null) throw new ApiError(401, 'notSignedIn', 'Sign in first.');
    if (!viewer.isAdmin || (requestedCorpId !== undefined && requestedCorpId !== viewer.corpId)) {
      throw new ApiError(403, 'Forbidden.AccessDenied', 'Only admins of the corp may use the console.');
    }
    return viewer.corpId;
  }

  /** The corps whose console `viewer` reaches, by corpId. */
  async corpsFor(viewer: SessionUser | null): Promise<Array<{ corpId: string; name: string }>> {
    if (this.dev) return this.directory.listCorps();
    const corpId = this.corpFor(viewer, undefined);
    const corp = await this.directory.findCorp(corpId);
    return corp ? [corp] : [];
  }
}
