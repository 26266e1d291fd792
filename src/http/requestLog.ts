import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Routes that monitoring polls: logged at `debug`, so they do not fill the log at `info`. */
const MONITORING_ROUTES = new Set(['/healthz', '/metrics']);

/**
 * One log line per request, written once it is answered, with the method, URL, status and time
 * (Fastify's default writes two: one when the request comes in, one when it is answered).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else if (MONITORING_ROUTES.has(request.routeOptions.url ?? '')) reply.log.debug(fields, 'request completed');
    else reply.log.info(fields, 'request completed');
  }
}
