import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // The code names a parameter it must take but does not read `_x`, and drops fields with a rest
      // pattern (`const { resolve: _, ...message } = job`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  globalIgnores(['.next/**', 'dist/**', 'next-env.d.ts', 'test-results/**', 'bench-out/**', 'tmp/**']),
]);
