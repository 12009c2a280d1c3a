/**
 * Server-side cursors (DECLARE … / FETCH n) inside the caller's transaction: rows come in batches, so
 * reading a table of any size holds two batches in memory — on PostgreSQL and on PGlite alike (kysely's
 * `.stream()` needs pg-cursor on pg and buffers chunks in PGlite's dialect; a SQL cursor does neither).
 * The next batch is asked for before the current one is handed over, so the database produces it while
 * the caller formats this one. The query must not take parameters (DECLARE is a utility statement):
 * scope it through temporary tables filled beforehand.
 */
import { CompiledQuery } from 'kysely';
import type { Tx } from '../../data/db.ts';

let seq = 0;

export async function* cursorBatches<R>(tx: Tx, query: string, batch = 5000): AsyncGenerator<R[]> {
  const name = `hud_cursor_${++seq}`;
  await tx.executeQuery(CompiledQuery.raw(`declare ${name} no scroll cursor for ${query}`));
  const fetch = () => tx.executeQuery<R>(CompiledQuery.raw(`fetch forward ${batch} from ${name}`)).then((r) => r.rows);
  let next: Promise<R[]> | null = fetch();
  try {
    while (next) {
      const rows: R[] = await next;
      next = rows.length === batch ? fetch() : null;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // Stopped early: the batch asked for ahead must end before the cursor is closed.
    await next?.catch(() => {});
    await tx.executeQuery(CompiledQuery.raw(`close ${name}`));
  }
}
