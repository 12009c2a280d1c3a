/**
 * Server-side cursors (DECLARE … / FETCH n) inside the caller's transaction: rows come in batches, so
 * reading a table of any size holds one batch in memory — on PostgreSQL and on PGlite alike (kysely's
 * `.stream()` needs pg-cursor on pg and buffers chunks in PGlite's dialect; a SQL cursor does neither).
 * The query must not take parameters (DECLARE is a utility statement): scope it through temporary
 * tables filled beforehand.
 */
import { CompiledQuery } from 'kysely';
import type { Tx } from '../../data/db.ts';

let seq = 0;

export async function* cursorRows<R>(tx: Tx, query: string, batch = 500): AsyncGenerator<R> {
  const name = `hud_cursor_${++seq}`;
  await tx.executeQuery(CompiledQuery.raw(`declare ${name} no scroll cursor for ${query}`));
  try {
    for (;;) {
      const res = await tx.executeQuery<R>(CompiledQuery.raw(`fetch forward ${batch} from ${name}`));
      if (res.rows.length === 0) break;
      yield* res.rows;
      if (res.rows.length < batch) break;
    }
  } finally {
    await tx.executeQuery(CompiledQuery.raw(`close ${name}`));
  }
}
