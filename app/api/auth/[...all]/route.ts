import { authRequest, getAuth } from '@/server/auth';

async function handle(req: Request): Promise<Response> {
  return authRequest(await getAuth(), req);
}

export const GET = handle;
export const POST = handle;
