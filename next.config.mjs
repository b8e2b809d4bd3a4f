/**
 * Next.js configuration. better-sqlite3 and @resvg/resvg-js (the server PNG renderer) are native
 * modules: they stay plain Node requires on the server and never enter a bundle.
 */
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['better-sqlite3', '@resvg/resvg-js'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
