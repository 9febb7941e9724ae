/** The fastify plugin entry: `import { aftersalesPlugin } from 'erp-aftersales/fastify'`. */
import { aftersalesPlugin } from './adapters/http/plugin.js';

export { aftersalesPlugin };
export type { AftersalesPluginOptions, Authenticate } from './adapters/http/options.js';
export { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, STATUS_BY_TYPE, aftersalesFrameworkErrors, type Problem, type ProblemFieldError } from './adapters/http/problem.js';
export { NEXT_CURSOR_HEADER, COPY_COUNT_HEADER } from './adapters/http/inbox-routes.js';
export { buildPermissionTable, can, canEver, canReadInbox, isAdmin, type PermissionRow, type PermissionTable } from './domain/permissions/permission-table.js';
export default aftersalesPlugin;
