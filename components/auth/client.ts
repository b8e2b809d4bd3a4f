'use client';
/** better-auth's browser client (same origin), with the username sign-in of the server's plugin. */
import { createAuthClient } from 'better-auth/react';
import { usernameClient } from 'better-auth/client/plugins';

export const authClient = createAuthClient({ plugins: [usernameClient()] });
