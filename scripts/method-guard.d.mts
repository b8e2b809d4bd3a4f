import type { IncomingMessage, ServerResponse } from 'node:http';

export const ALLOWED_METHODS: readonly string[];
export function guardMethods(handle: (req: IncomingMessage, res: ServerResponse) => unknown): (req: IncomingMessage, res: ServerResponse) => unknown;
