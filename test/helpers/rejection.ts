import { expect } from 'vitest';
import { ReportError } from '../../lib/report/types';

/** The ReportError a reader's promise rejects with (the test fails if it resolves or throws anything else). */
export async function rejection(p: Promise<unknown>): Promise<ReportError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ReportError);
  return e as ReportError;
}
