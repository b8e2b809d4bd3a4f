/**
 * Next.js configuration. better-sqlite3 and @resvg/resvg-js (the server PNG renderer) are native
 * modules: they stay plain Node requires on the server and never enter a bundle.
 */
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['better-sqlite3', '@resvg/resvg-js'],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    // The proxy (proxy.ts) buffers request bodies up to this size: uploads of PDF/DOCX reports go
    // up to 20 MB (the import's limit), and /api/upload refuses larger bodies itself (issue 8).
    proxyClientMaxBodySize: '21mb',
  },
};

export default nextConfig;
