/**
 * Work queued by a request (a report run) should start at once rather than at the worker's next poll:
 * the route calls `wakeWorkers()` after its transaction committed, and the workers of this process
 * claim due jobs now. Other processes still find the job at their next poll.
 */
const listeners = new Set<() => void>();

export function onWake(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function wakeWorkers(): void {
  for (const l of listeners) l();
}
