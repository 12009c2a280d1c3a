import type { Ref } from 'react';
import { ApiError } from '../api.ts';

/**
 * What a record page shows before it has its record: "not found" (404 — also for a record the user
 * may not see), another error, or loading. Null once the record is there.
 */
export function RecordPending({ noun, error, loaded, heading }: { noun: string; error: Error | undefined; loaded: boolean; heading: Ref<HTMLHeadingElement> }) {
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {notFound ? `${title} not found` : title}
        </h1>
        <p role="alert" className="error">
          {notFound ? `There is no ${noun} with this ID that you may see.` : error.message}
        </p>
      </>
    );
  }
  if (loaded) return null;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <p role="status">Loading the {noun}…</p>
    </>
  );
}
