import type { FastifyInstance } from 'fastify';
import { DOWNLOAD_URL_PATH, type MediaFiles } from '../domain/mediaFiles.js';
import { sendStoredFile } from './fileResponse.js';
import { grantOf } from './robotAuth.js';
import { errorResponses } from './wire.js';

const text = { type: 'string' } as const;

/** `POST /v1.0/robot/messageFiles/download`: register inside the robot guard's scope. */
export async function messageFileRoutes(app: FastifyInstance, { mediaFiles }: { mediaFiles: MediaFiles }): Promise<void> {
  app.post<{ Body: { downloadCode?: string; robotCode?: string } }>(
    '/v1.0/robot/messageFiles/download',
    {
      schema: {
        tags: ['files'],
        summary: "A temporary URL for a file a user sent to the robot (the message's downloadCode)",
        security: [{ accessToken: [] }],
        body: { type: 'object', properties: { downloadCode: text, robotCode: text } },
        response: { 200: { type: 'object', required: ['downloadUrl'], properties: { downloadUrl: text } }, ...errorResponses },
      },
    },
    async (request) => ({ downloadUrl: await mediaFiles.downloadUrlFor(grantOf(request), request.body.robotCode, request.body.downloadCode) }),
  );
}

/** What a `downloadUrl` points at: the bytes, without a token, while the URL lives (docs/behaviour.md, Files). */
export async function downloadUrlRoutes(app: FastifyInstance, { mediaFiles }: { mediaFiles: MediaFiles }): Promise<void> {
  app.get<{ Querystring: { token?: string } }>(
    DOWNLOAD_URL_PATH,
    {
      schema: {
        tags: ['files'],
        summary: 'The file behind a downloadUrl (valid for one hour)',
        querystring: { type: 'object', properties: { token: text } },
        response: { 403: { $ref: 'ErrorBody#' }, 404: { $ref: 'ErrorBody#' } },
      },
    },
    async (request, reply) => sendStoredFile(reply, await mediaFiles.openDownloadUrl(request.query.token), { inline: false, cacheControl: 'no-store' }),
  );
}
