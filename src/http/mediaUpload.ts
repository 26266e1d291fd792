import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, LegacyApiError } from '../domain/errors.js';
import { fileSizeRefusal, type IncomingFile, MEDIA_SIZE_LIMITS, type MediaFiles, mediaKindOf } from '../domain/mediaFiles.js';
import type { Faults } from '../domain/faults.js';
import type { PlatformLimits } from '../domain/platformLimits.js';
import type { TokenService } from '../domain/tokens.js';

const text = { type: 'string' } as const;
const MEDIA_FIELD = 'media';
/** Parts and fields a multipart upload may carry besides `media`: enough for any client, too few to be a burden. */
const MAX_PARTS = 20;

/** The legacy answers of the platform limits (docs/behaviour.md, Platform limits). */
const LEGACY_LIMIT_ERRCODES: Readonly<Record<string, number>> = {
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': 90018,
  'Forbidden.AccessDenied.ApiCountLimitForOrg': 90020,
};

interface MediaUploadOptions {
  tokens: TokenService;
  limits: PlatformLimits;
  mediaFiles: MediaFiles;
  faults: Faults;
}

/**
 * Legacy `POST /media/upload?access_token=&type=` (oapi style, multipart field `media`):
 * always HTTP 200 with `{errcode, errmsg}` (docs/behaviour.md, Files). It has its own
 * size limits per type instead of the server's 1 MiB body limit.
 */
export async function mediaUploadRoutes(app: FastifyInstance, { tokens, limits, mediaFiles, faults }: MediaUploadOptions): Promise<void> {
  // Only multipart bodies are read here; any other body is left unread and answered 41005 (no media).
  app.removeAllContentTypeParsers();
  await app.register(multipart, { limits: { fileSize: Math.max(...Object.values(MEDIA_SIZE_LIMITS)), parts: MAX_PARTS } });
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.post<{ Querystring: { access_token?: string; type?: string } }>(
    '/media/upload',
    {
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
        const token = request.query.access_token;
        const grant = token ? await tokens.authenticate(token) : undefined;
        if (!grant) throw new LegacyApiError(40014, '不合法的access_token');
        await faults.interceptCall('/media/upload', grant.appKey);
        await admitLegacy(() => limits.admit(grant, '/media/upload'));
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

/** The platform limits, refusing in the legacy form (errcode 90018 per second, 90020 per month). */
async function admitLegacy(admit: () => Promise<void>): Promise<void> {
  try {
    await admit();
  } catch (error) {
    const errcode = error instanceof ApiError ? LEGACY_LIMIT_ERRCODES[error.code] : undefined;
    throw errcode === undefined ? error : new LegacyApiError(errcode, (error as ApiError).message);
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
