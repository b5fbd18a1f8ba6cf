import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';

/** The answer of a query on the phone's store, kept current as the store changes. */
export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[] = []): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: setValue, error: () => setValue(undefined) });
    return () => sub.unsubscribe();
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the query depends on
  }, deps);
  return value;
}
