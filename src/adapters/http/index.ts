/** The HTTP adapter: the fastify plugin and the pieces hosts reuse (problem format, options). */
export { aftersalesPlugin } from './plugin.js';
export type { AftersalesPluginOptions, Authenticate } from './options.js';
export { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, STATUS_BY_TYPE, toProblem, type Problem, type ProblemFieldError } from './problem.js';
export { NEXT_CURSOR_HEADER, COPY_COUNT_HEADER } from './inbox-routes.js';
