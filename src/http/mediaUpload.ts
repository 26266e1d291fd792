import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, LegacyApiError } from '../domain/errors.js';
import { fileSizeRefusal, type IncomingFile, MEDIA_SIZE_LIMITS, type MediaFiles, mediaKindOf } from '../domain/mediaFiles.js';
import { INVALID_TOKEN, MISSING_TOKEN, type RobotAdmission } from '../domain/robotAdmission.js';
import { LEGACY_API_ROUTE } from './wire.js';

const text = { type: 'string' } as const;
const MEDIA_FIELD = 'media';
/** Parts and fields a multipart upload may carry besides `media`: enough for any client, too few to be a burden. */
const MAX_PARTS = 20;

const UPLOAD_API = '/media/upload';

/**
 * The legacy answers of the admission's refusals (docs/behaviour.md, Files and Platform limits):
 * its errcode, and its errmsg where the legacy one differs. Injected faults answer in the legacy form themselves.
 */
const LEGACY_ADMISSION_REFUSALS: Readonly<Record<string, { errcode: number; errmsg?: string }>> = {
  [MISSING_TOKEN]: { errcode: 40014, errmsg: '不合法的access_token' },
  [INVALID_TOKEN]: { errcode: 40014, errmsg: '不合法的access_token' },
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': { errcode: 90018 },
  'Forbidden.AccessDenied.ApiCountLimitForOrg': { errcode: 90020 },
};

interface MediaUploadOptions {
  admission: RobotAdmission;
  mediaFiles: MediaFiles;
}

/**
 * Legacy `POST /media/upload?access_token=&type=` (oapi style, multipart field `media`):
 * always HTTP 200 with `{errcode, errmsg}` (docs/behaviour.md, Files). It has its own
 * size limits per type instead of the server's 1 MiB body limit.
 */
export async function mediaUploadRoutes(app: FastifyInstance, { admission, mediaFiles }: MediaUploadOptions): Promise<void> {
  // Only multipart bodies are read here; any other body is left unread and answered 41005 (no media).
  app.removeAllContentTypeParsers();
  await app.register(multipart, { limits: { fileSize: Math.max(...Object.values(MEDIA_SIZE_LIMITS)), parts: MAX_PARTS } });
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.post<{ Querystring: { access_token?: string; type?: string } }>(
    UPLOAD_API,
    {
      config: LEGACY_API_ROUTE,
      schema: {
        tags: ['files'],
        summary: 'Legacy: upload a picture, voice, video or file for robot messages (multipart field `media`)',
        consumes: ['multipart/form-data'],
        querystring: { type: 'object', properties: { access_token: text, type: { ...text, description: 'image, voice, video or file' } } },
        response: {
          200: {
            type: 'object',
            required: ['errcode', 'errmsg'],
            properties: { errcode: { type: 'integer' }, errmsg: text, type: text, media_id: text, created_at: { type: 'integer', description: 'epoch ms' } },
          },
        },
      },
    },
    async (request) => {
      try {
        const grant = await inLegacyForm(admission.admitAnyApp(request.query.access_token, UPLOAD_API));
        const kind = mediaKindOf(request.query.type);
        const file = await mediaFiles.save(grant.corpId, kind, await readMediaField(request, MEDIA_SIZE_LIMITS[kind]));
        return { errcode: 0, errmsg: 'ok', type: kind, media_id: file.mediaId, created_at: file.createdAt };
      } catch (error) {
        if (error instanceof LegacyApiError) return { errcode: error.errcode, errmsg: error.errmsg };
        throw error;
      }
    },
  );
}

/** The admission, refusing in the legacy form. */
async function inLegacyForm<T>(admission: Promise<T>): Promise<T> {
  try {
    return await admission;
  } catch (error) {
    const legacy = error instanceof ApiError ? LEGACY_ADMISSION_REFUSALS[error.code] : undefined;
    if (legacy === undefined) throw error;
    throw new LegacyApiError(legacy.errcode, legacy.errmsg ?? (error as ApiError).message);
  }
}

/** The `media` file of a multipart body, read up to `sizeLimit` bytes. */
async function readMediaField(request: FastifyRequest, sizeLimit: number): Promise<IncomingFile> {
  if (!request.isMultipart()) throw missingMedia();
  try {
    for await (const part of request.parts({ limits: { fileSize: sizeLimit } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== MEDIA_FIELD) {
        part.file.resume();
        continue;
      }
      return { name: part.filename, contentType: part.mimetype, bytes: await part.toBuffer() };
    }
  } catch (error) {
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) throw fileSizeRefusal();
    throw new LegacyApiError(40035, `不合法的参数: the multipart body cannot be read (${(error as Error).message})`);
  }
  throw missingMedia();
}

function missingMedia(): LegacyApiError {
  return new LegacyApiError(41005, '缺少多媒体文件数据: send the file as the multipart field "media"');
}
