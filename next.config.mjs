/**
 * Next.js configuration. better-sqlite3 is a native module: it stays a plain Node require on the
 * server and never enters a bundle.
 */
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
