import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LegacyApiError } from '../domain/errors.js';
import { fileSizeRefusal, type IncomingFile, MEDIA_SIZE_LIMITS, type MediaFiles, mediaKindOf } from '../domain/mediaFiles.js';
import type { RobotAdmission } from '../domain/robotAdmission.js';
import { answerRefusalsInLegacyForm } from './legacyWire.js';

const text = { type: 'string' } as const;
const MEDIA_FIELD = 'media';
/** Parts and fields a multipart upload may carry besides `media`: enough for any client, too few to be a burden. */
const MAX_PARTS = 20;

const UPLOAD_API = '/media/upload';

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
  answerRefusalsInLegacyForm(app);
  // Only multipart bodies are read here; any other body is left unread and answered 41005 (no media).
  app.removeAllContentTypeParsers();
  await app.register(multipart, { limits: { fileSize: Math.max(...Object.values(MEDIA_SIZE_LIMITS)), parts: MAX_PARTS } });
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.post<{ Querystring: { access_token?: string; type?: string } }>(
    UPLOAD_API,
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
      const grant = await admission.admitAnyApp(request.query.access_token, UPLOAD_API);
      const kind = mediaKindOf(request.query.type);
      const file = await mediaFiles.save(grant.corpId, kind, await readMediaField(request, MEDIA_SIZE_LIMITS[kind]));
      return { errcode: 0, errmsg: 'ok', type: kind, media_id: file.mediaId, created_at: file.createdAt };
    },
  );
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
