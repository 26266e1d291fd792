import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** Routes that monitoring polls: logged at `debug`, so they do not fill the log at `info`. */
const MONITORING_ROUTES = new Set(['/healthz', '/metrics']);

/** pino's levels, lowest first; `silent` is above every one. */
const LEVEL_RANKS: Partial<Record<string, number>> & Record<'debug' | 'info' | 'error', number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * One log line per request, written once it is answered, with the method, URL, status and time
 * (Fastify's default writes two: one when the request comes in, one when it is answered).
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  /** Nothing is built for a line whose level is off (the default `warn` of a benchmark, or `info` for monitoring routes). */
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const level = error ? 'error' : MONITORING_ROUTES.has(request.routeOptions.url ?? '') ? ('debug' as const) : ('info' as const);
    if (LEVEL_RANKS[level] < (LEVEL_RANKS[reply.log.level] ?? 0)) return;
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log[level](fields, 'request completed');
  }
}
