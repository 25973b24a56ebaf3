/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Native and esbuild-driven packages must stay outside the server bundle.
  serverExternalPackages: ['better-sqlite3', 'mdx-bundler', 'esbuild', '@kubernetes/client-node', 'ws'],
  // The sandbox, lessons and kubectl tests run beside the build; don't let a stray
  // lint config block a production build (lint runs on its own in `npm test`).
  poweredByHeader: false,
};

export default nextConfig;
