import type { FastifyInstance } from 'fastify';
import type { ConsoleAccess } from '../domain/consoleAccess.js';
import type { CorpConsole } from '../domain/corpConsole.js';
import type { CustomRobots } from '../domain/customRobots.js';
import { corpOfRequest, corpOnly, directoryResponses, keyParam, nonEmpty, tags } from './console.js';
import { toDirectory } from './presenters/consoleDirectory.js';

interface CustomRobotConsoleServices {
  customRobots: CustomRobots;
  corpConsole: CorpConsole;
  access: ConsoleAccess;
}

type CustomRobotBody = { name: string; keywords: string[]; ipRanges: string[]; signed: boolean };

const customRobotBody = {
  type: 'object',
  required: ['name', 'keywords', 'ipRanges', 'signed'],
  properties: { name: nonEmpty, keywords: { type: 'array', items: nonEmpty }, ipRanges: { type: 'array', items: nonEmpty }, signed: { type: 'boolean' } },
} as const;

/** The console's custom robots of groups (create with a generated token and secret, edit, delete); each answers the corp's directory. */
export async function consoleCustomRobotRoutes(app: FastifyInstance, { customRobots, corpConsole, access }: CustomRobotConsoleServices): Promise<void> {
  const corpOf = corpOfRequest(access);
  const settingsOf = ({ name, keywords, ipRanges, signed }: CustomRobotBody) => ({ name, keywords, ipRanges, signed });

  app.post<{ Params: { openConversationId: string }; Body: CustomRobotBody }>(
    '/api/console/groups/:openConversationId/customRobots',
    {
      schema: {
        tags,
        summary: 'Create a custom robot in the group, with a generated access token (and signing secret when signed)',
        params: keyParam('openConversationId'),
        querystring: corpOnly,
        body: customRobotBody,
        response: directoryResponses,
      },
    },
    async (request) => {
      const corpId = corpOf(request);
      await customRobots.create(corpId, request.params.openConversationId, settingsOf(request.body));
      return toDirectory(await corpConsole.directory(corpId));
    },
  );

  app.put<{ Params: { robotCode: string }; Body: CustomRobotBody }>(
    '/api/console/customRobots/:robotCode',
    {
      schema: {
        tags,
        summary: "Edit a custom robot's name, keywords, IP allow-list and whether it is signed",
        params: keyParam('robotCode'),
        querystring: corpOnly,
        body: customRobotBody,
        response: directoryResponses,
      },
    },
    async (request) => {
      const corpId = corpOf(request);
      await customRobots.update(corpId, request.params.robotCode, settingsOf(request.body));
      return toDirectory(await corpConsole.directory(corpId));
    },
  );

  app.delete<{ Params: { robotCode: string } }>(
    '/api/console/customRobots/:robotCode',
    { schema: { tags, summary: 'Delete a custom robot: its webhook URL stops working', params: keyParam('robotCode'), querystring: corpOnly, response: directoryResponses } },
    async (request) => {
      const corpId = corpOf(request);
      await customRobots.delete(corpId, request.params.robotCode);
      return toDirectory(await corpConsole.directory(corpId));
    },
  );
}
