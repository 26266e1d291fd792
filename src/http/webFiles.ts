import type { FastifyInstance } from 'fastify';
import { ApiError } from '../domain/errors.js';
import type { MediaFiles } from '../domain/mediaFiles.js';
import { sendStoredFile } from './fileResponse.js';
import { requireUser } from './webSession.js';

/**
 * `GET /api/media/:mediaId`: the picture or file a robot message names by media id, for
 * signed-in users of the corp that uploaded it (docs/behaviour.md, Files). Another corp's
 * media id is answered like an unknown one.
 */
export async function webFileRoutes(app: FastifyInstance, { mediaFiles }: { mediaFiles: MediaFiles }): Promise<void> {
  app.get<{ Params: { mediaId: string } }>(
    '/api/media/:mediaId',
    {
      schema: {
        tags: ['web client'],
        summary: "A media id's picture (inline) or file (download), for the signed-in user's corp",
        params: { type: 'object', properties: { mediaId: { type: 'string' } } },
        response: { 401: { $ref: 'ErrorBody#' }, 404: { $ref: 'ErrorBody#' } },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const found = await mediaFiles.find(user.corpId, request.params.mediaId);
      if (!found) throw new ApiError(404, 'media.notFound', 'No such media in your organisation.');
      // The content of a media id never changes; it stays private to the signed-in browser.
      return sendStoredFile(reply, found, { inline: true, cacheControl: 'private, max-age=86400, immutable' });
    },
  );
}
