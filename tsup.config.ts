import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    fastify: 'src/fastify.ts',
    pdf: 'src/pdf.ts',
    cli: 'src/cli/main.ts',
    // Batch slip printing runs this file in worker threads; it must sit next to the bundles.
    'render-worker': 'src/templates/render-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', fastify: 'src/fastify.ts', pdf: 'src/pdf.ts' } },
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: false,
  shims: true,
});
