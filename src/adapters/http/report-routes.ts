/**
 * Reports: `GET /reports/complaints/:month` — the monthly complaint statistics the GM office
 * hands in by the 10th of the next month.
 */
import type { FastifyInstance } from 'fastify';
import { actorOf, type RouteContext } from './route-context.js';
import { problemResponses } from './schemas.js';

/**
 * Registers the report routes.
 *
 * @example
 * registerReportRoutes(instance, ctx);
 */
export function registerReportRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/reports/complaints/:month',
    {
      schema: {
        tags: ['reports'],
        summary: "A month's complaint statistics (company time zone): cases closed, closed late, outcomes, each unit's part of the responsibility and the losses",
        params: { type: 'object', required: ['month'], properties: { month: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } } },
        response: problemResponses(400, 401, 403),
      },
    },
    async (request) => ctx.aftersales.reports.complaints((request.params as { month: string }).month, actorOf(request)),
  );
}
