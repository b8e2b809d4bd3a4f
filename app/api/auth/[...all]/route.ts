import { getAuth } from '@/server/auth';

async function handle(req: Request): Promise<Response> {
  return (await getAuth()).handler(req);
}

export const GET = handle;
export const POST = handle;
