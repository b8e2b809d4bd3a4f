'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { MetaFields, type MetaValues } from '@/components/upload/MetaFields';

/** The manifest fields of a stored report, saved through the same route as after an upload. */
export function MetaEditor({ reportId, initial }: { reportId: number; initial: MetaValues }) {
  const [values, setValues] = useState<MetaValues>(initial);
  const router = useRouter();
  return <MetaFields values={values} reportId={reportId} onChange={setValues} onSaved={() => router.refresh()} />;
}
