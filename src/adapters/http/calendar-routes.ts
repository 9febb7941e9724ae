/**
 * The business calendar for admins: `GET|PUT /admin/calendar` — time zone, working hours,
 * holidays and make-up working days that every deadline is counted on.
 */
import type { FastifyInstance } from 'fastify';
import { actorOf, assertAdmin, type RouteContext } from './route-context.js';
import { problemResponses } from './schemas.js';

/**
 * Registers the business calendar routes.
 *
 * @example
 * registerCalendarRoutes(instance, ctx);
 */
export function registerCalendarRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/admin/calendar',
    { schema: { tags: ['admin'], summary: 'The business calendar deadlines are counted on', response: problemResponses(401, 403) } },
    async (request) => {
      assertAdmin(request);
      return ctx.aftersales.calendar.get();
    },
  );

  app.put(
    '/admin/calendar',
    {
      bodyLimit: ctx.bodyLimit,
      schema: {
        tags: ['admin'],
        summary: 'Replaces the business calendar (time zone, working hours per weekday, holidays, make-up working days); deadlines set from now on use it',
        body: { type: 'object' },
        response: problemResponses(400, 401, 403, 422),
      },
    },
    async (request) => {
      assertAdmin(request);
      return ctx.aftersales.calendar.set(request.body, actorOf(request));
    },
  );
}
