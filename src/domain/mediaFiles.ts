import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { PublicUrl } from '../publicUrl.js';
import type { TokenGrant } from '../store/accessTokenStore.js';
import type { MediaKind, StoredFileRecord } from '../store/fileStore.js';
import type { Store } from '../store/store.js';
import { ApiError, badRequest, LegacyApiError } from './errors.js';
import type { RobotMessages } from './robotMessages.js';
import type { SealedBox } from '../secrets/sealedBox.js';

const MB = 1024 * 1024;

/** The largest file of each kind `/media/upload` takes, as DingTalk documents them (docs/behaviour.md, Files). */
export const MEDIA_SIZE_LIMITS: Readonly<Record<MediaKind, number>> = { image: 20 * MB, voice: 2 * MB, video: 20 * MB, file: 20 * MB };

/** A `downloadUrl` serves the bytes for one hour on the injected clock. */
export const DOWNLOAD_URL_LIFETIME_MS = 3600_000;

/** Where a download URL is served; its sealed token is the query parameter `token`. */
export const DOWNLOAD_URL_PATH = '/files/download';

const MAX_NAME_LENGTH = 255;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const DOWNLOAD_URL_CONTEXT = 'dingo download url';

/** `type` of `/media/upload` as a kind, or errcode 40004 (DingTalk's "不合法的媒体文件类型"). */
export function mediaKindOf(type: string | undefined): MediaKind {
  if (type === 'image' || type === 'voice' || type === 'video' || type === 'file') return type;
  throw new LegacyApiError(40004, '不合法的媒体文件类型');
}

/** A file as it arrives: the name and media type its sender declared, and its content. */
export interface IncomingFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface FileWithBytes {
  file: StoredFileRecord;
  bytes: Buffer;
}

/**
 * Files both ways (docs/behaviour.md, Files): media a bot uploads and then names in
 * its messages; files a user sends, which the robot downloads with a download code
 * through a URL that works for an hour. A corp's files are its own.
 */
export class MediaFiles {
  constructor(
    private readonly store: Pick<Store, 'files'>,
    private readonly clock: Clock,
    private readonly robots: Pick<RobotMessages, 'findRobotOf'>,
    private readonly downloadUrls: SealedBox,
    private readonly publicUrl: PublicUrl,
  ) {}

  /** Stores a file of `corpId` and gives it a media id. Empty or over its kind's limit → errcode 40006. */
  async save(corpId: string, kind: MediaKind, incoming: IncomingFile): Promise<StoredFileRecord> {
    if (incoming.bytes.length === 0 || incoming.bytes.length > MEDIA_SIZE_LIMITS[kind]) throw fileSizeRefusal();
    const file: StoredFileRecord = {
      corpId,
      mediaId: `@lA${randomBytes(18).toString('base64url')}`,
      sha256: createHash('sha256').update(incoming.bytes).digest('hex'),
      kind,
      name: cleanFileName(incoming.name, kind),
      contentType: MEDIA_TYPE.test(incoming.contentType.toLowerCase()) ? incoming.contentType.toLowerCase() : 'application/octet-stream',
      size: incoming.bytes.length,
      createdAt: this.clock.now(),
    };
    await this.store.files.insert(file, incoming.bytes);
    return file;
  }

  /** The file `mediaId` of `corpId` with its bytes, or undefined (unknown, or another corp's). */
  async find(corpId: string, mediaId: string): Promise<FileWithBytes | undefined> {
    const file = await this.store.files.find(corpId, mediaId);
    const bytes = file && (await this.store.files.readBytes(corpId, file.sha256));
    return file && bytes ? { file, bytes } : undefined;
  }

  /**
   * Gives robot `robotCode` of `corpId` a download code for `file`, as a message a user
   * sends to the robot carries it. Only that robot can turn it into a download URL.
   */
  async issueDownloadCode(corpId: string, robotCode: string, file: StoredFileRecord): Promise<string> {
    const downloadCode = randomBytes(48).toString('base64');
    await this.store.files.insertDownloadCode({ corpId, downloadCode, robotCode, mediaId: file.mediaId, createdAt: this.clock.now() });
    return downloadCode;
  }

  /** `POST /v1.0/robot/messageFiles/download`: a URL that serves the file of `downloadCode` for an hour. */
  async downloadUrlFor(grant: TokenGrant, robotCode: string | undefined, downloadCode: string | undefined): Promise<string> {
    if (!robotCode) throw badRequest('invalidParameter.robotCode.empty', 'robotCode is empty');
    if (!downloadCode) throw badRequest('invalidParameter.downloadCode.empty', 'downloadCode is empty');
    if (!(await this.robots.findRobotOf(grant, robotCode))) throw badRequest('invalidParameter.robotCode.notExsit', 'robot does not exist');
    const code = await this.store.files.findDownloadCode(grant.corpId, downloadCode);
    if (!code || code.robotCode !== robotCode) throw badRequest('invalidParameter.downloadCode.invalid', 'downloadCode is invalid');
    const expiresAt = this.clock.now() + DOWNLOAD_URL_LIFETIME_MS;
    const token = this.downloadUrls.seal(JSON.stringify([grant.corpId, code.mediaId, expiresAt]), DOWNLOAD_URL_CONTEXT);
    return this.publicUrl.to(`${DOWNLOAD_URL_PATH}?token=${token}`);
  }

  /** The file behind a download URL's token, while the URL lives. */
  async openDownloadUrl(token: string | undefined): Promise<FileWithBytes> {
    const plain = token === undefined ? undefined : this.downloadUrls.open(token, DOWNLOAD_URL_CONTEXT);
    const [corpId, mediaId, expiresAt] = plain === undefined ? [] : (JSON.parse(plain) as [string, string, number]);
    const found = corpId !== undefined && mediaId !== undefined ? await this.find(corpId, mediaId) : undefined;
    if (!found) throw new ApiError(404, 'downloadUrl.invalid', 'This download URL was not issued by Dingo.');
    if (this.clock.now() > (expiresAt ?? 0)) throw new ApiError(403, 'downloadUrl.expired', 'This download URL has expired: ask for a new one with messageFiles/download.');
    return found;
  }
}

/** Errcode 40006 (DingTalk's "不合法的文件大小"): an empty file, or one over its kind's limit. */
export function fileSizeRefusal(): LegacyApiError {
  return new LegacyApiError(40006, '不合法的文件大小');
}

/** The last path segment of a sender's file name, without control characters; a name of the kind when none is left. */
function cleanFileName(name: string, kind: MediaKind): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base === '' ? kind : base.slice(0, MAX_NAME_LENGTH);
}
