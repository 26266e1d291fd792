import type { UserMessageType } from '../store/conversationStore.js';
import type { MediaKind, StoredFileRecord } from '../store/fileStore.js';
import { badRequest } from './errors.js';
import { MEDIA_SIZE_LIMITS } from './mediaFiles.js';

/** What a user attaches in the composer or `/_dingo/say`: a picture or a file, its bytes in base64. */
export interface UserFileUpload {
  name: string;
  contentBase64: string;
  kind: 'picture' | 'file';
}

/** The stored kind of each attachment kind, whose `/media/upload` size limit it shares. */
const MEDIA_KIND: Record<UserFileUpload['kind'], MediaKind> = { picture: 'image', file: 'file' };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Media types by file extension; other names are `application/octet-stream`. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
};

/** An attachment checked and decoded, ready for `MediaFiles.save`. */
export interface DecodedUpload {
  mediaKind: MediaKind;
  kind: UserFileUpload['kind'];
  incoming: { name: string; contentType: string; bytes: Buffer };
}

/**
 * Checks and decodes an attachment: base64 that is not → `invalidParameter.file.invalid`;
 * empty, or over the size limit of `/media/upload` for its kind (20 MB) → `invalidParameter.file.size`.
 */
export function decodeUpload(upload: UserFileUpload): DecodedUpload {
  const base64 = upload.contentBase64.replace(/\s+/g, '');
  if (!BASE64.test(base64)) throw badRequest('invalidParameter.file.invalid', 'file.contentBase64 is not base64');
  const bytes = Buffer.from(base64, 'base64');
  const mediaKind = MEDIA_KIND[upload.kind];
  if (bytes.length === 0 || bytes.length > MEDIA_SIZE_LIMITS[mediaKind]) {
    throw badRequest('invalidParameter.file.size', `the ${upload.kind} is empty or larger than ${MEDIA_SIZE_LIMITS[mediaKind]} bytes`);
  }
  const extension = upload.name.split('.').pop()?.toLowerCase() ?? '';
  return { mediaKind, kind: upload.kind, incoming: { name: upload.name, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream', bytes } };
}

/**
 * The msgtype and stored content of what a user sends: text `{content}`; a picture `{mediaId}`,
 * with text a richText `{richText: [{text}, {type: "picture", mediaId}]}`; a file `{mediaId, fileName}`.
 */
export function userMessageContent(text: string, file: { kind: UserFileUpload['kind']; stored: StoredFileRecord } | undefined): { msgtype: UserMessageType; content: Record<string, unknown> } {
  if (!file) return { msgtype: 'text', content: { content: text } };
  const { mediaId, name } = file.stored;
  if (file.kind === 'file') return { msgtype: 'file', content: { mediaId, fileName: name } };
  if (text.trim() === '') return { msgtype: 'picture', content: { mediaId } };
  return { msgtype: 'richText', content: { richText: [{ text }, { type: 'picture', mediaId }] } };
}

/** The media id a stored user message names, if any. */
export function mediaIdOf(msgtype: UserMessageType, content: Record<string, unknown>): string | undefined {
  if (msgtype === 'picture' || msgtype === 'file') return typeof content.mediaId === 'string' ? content.mediaId : undefined;
  if (msgtype !== 'richText' || !Array.isArray(content.richText)) return undefined;
  const picture = (content.richText as Array<Record<string, unknown>>).find((part) => part.type === 'picture');
  return typeof picture?.mediaId === 'string' ? picture.mediaId : undefined;
}

/**
 * The content a robot receives, DingTalk's: media ids replaced by the robot's own download code
 * (picture: `{downloadCode, pictureDownloadCode}`, the same code; file: `{downloadCode, fileName}`;
 * richText: `{type: "picture", downloadCode}`).
 */
export function botContentOf(msgtype: UserMessageType, content: Record<string, unknown>, downloadCode: string | undefined): Record<string, unknown> {
  if (msgtype === 'picture') return { downloadCode, pictureDownloadCode: downloadCode };
  if (msgtype === 'file') return { downloadCode, fileName: content.fileName };
  if (msgtype === 'richText' && Array.isArray(content.richText)) {
    return { richText: (content.richText as Array<Record<string, unknown>>).map((part) => (part.type === 'picture' ? { type: 'picture', downloadCode } : part)) };
  }
  return content;
}

/** A user message as members see it: its text, and the picture or file it carries (by media id). */
export interface UserMessageView {
  text: string;
  attachment?: { kind: 'picture' | 'file'; mediaId: string; name: string };
}

/** What members see of a stored user message. */
export function viewOfUserMessage(msgtype: UserMessageType, content: Record<string, unknown>): UserMessageView {
  const mediaId = mediaIdOf(msgtype, content);
  if (msgtype === 'file' && mediaId) return { text: '', attachment: { kind: 'file', mediaId, name: String(content.fileName ?? 'file') } };
  if (msgtype === 'picture' && mediaId) return { text: '', attachment: { kind: 'picture', mediaId, name: 'picture' } };
  if (msgtype === 'richText' && Array.isArray(content.richText)) {
    const text = (content.richText as Array<Record<string, unknown>>).flatMap((part) => (typeof part.text === 'string' ? [part.text] : [])).join('\n');
    return { text, ...(mediaId ? { attachment: { kind: 'picture' as const, mediaId, name: 'picture' } } : {}) };
  }
  return { text: typeof content.content === 'string' ? content.content : '' };
}
