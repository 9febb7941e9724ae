/** The fastify plugin entry: `import { aftersalesPlugin } from 'erp-aftersales/fastify'`. */
export {};
