/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Engineers working side by side in one checkout build into separate folders
  // (KUBELAB_NEXT_DIST_DIR=.next-x); the product and CI use the default .next.
  ...(process.env.KUBELAB_NEXT_DIST_DIR ? { distDir: process.env.KUBELAB_NEXT_DIST_DIR } : {}),
  // Native and esbuild-driven packages must stay outside the server bundle.
  serverExternalPackages: ['better-sqlite3', 'mdx-bundler', 'esbuild', '@kubernetes/client-node', 'ws'],
  // The sandbox, lessons and kubectl tests run beside the build; don't let a stray
  // lint config block a production build (lint runs on its own in `npm test`).
  poweredByHeader: false,
  // `npm test` type-checks the whole project as its own step before building; checking again
  // inside the build only doubles the time.
  typescript: { ignoreBuildErrors: true },
  // monaco-worker-manager imports Monaco's worker by its pre-0.56 path; point it at the new one.
  turbopack: {
    resolveAlias: {
      'monaco-editor/esm/vs/editor/editor.worker.js': 'monaco-editor/editor/editor.worker.js',
    },
  },
};

export default nextConfig;
