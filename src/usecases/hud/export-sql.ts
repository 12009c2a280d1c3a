/**
 * The HUD CSV writer's rule (csv.ts: `hudRowWriter`) as a PostgreSQL expression, so that the database
 * hands over finished lines for files whose rows need no rule of Hearth's — the export's hot path: the
 * server formats in C while Node only joins lines (a row object per record cost more than the query).
 * `test/integration/hud-export-sql.test.ts` checks that both writers give the same bytes.
 *
 * Per column type: `S` quoted with `"` doubled, empty string as empty; `D` `YYYY-MM-DD`; `T`
 * `YYYY-MM-DD hh:mm:ss` in UTC with seconds truncated; `I`, `M`, `M+` as the value's text (money
 * columns are numeric with scale 2); NULL as an empty field; CRLF at the end.
 */
import type { ColumnSpec, FileSpec } from '../../domain/hud/spec.ts';

/** A SQL string literal. */
export const lit = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A column's value as HUD writes it, before quoting (rows handed to JavaScript get these). */
export function typedSql(column: ColumnSpec, expr: string): string {
  switch (column.type) {
    case 'D':
      return `to_char(${expr}, 'YYYY-MM-DD')`;
    case 'T':
      return `to_char((${expr}) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')`;
    default:
      return expr;
  }
}

/** One field of a line, for `concat` (which writes NULL as nothing). */
function fieldSql(column: ColumnSpec, expr: string): string {
  const value = typedSql(column, expr);
  if (column.type.startsWith('S')) return `'"' || replace(nullif((${value})::text, ''), '"', '""') || '"'`;
  return `(${value})::text`;
}

/** `concat` takes at most 100 arguments: longer lists are nested. */
function concatSql(args: string[]): string {
  if (args.length <= 99) return `concat(${args.join(', ')})`;
  const groups: string[] = [];
  for (let i = 0; i < args.length; i += 99) groups.push(concatSql(args.slice(i, i + 99)));
  return concatSql(groups);
}

/**
 * The SQL expression of a whole record of `file`, terminated: `columns` maps HUD column → SQL
 * expression (columns not named are empty). One `concat` call (a chain of `||` copies the growing line
 * once per field); the commas around empty columns are merged into one literal. Throws on a name that
 * is not a column of the file.
 */
export function csvLineSql(file: FileSpec, columns: Readonly<Record<string, string>>): string {
  for (const name of Object.keys(columns)) if (!file.column(name)) throw new Error(`${file.name}: no column ${name}`);
  const args: string[] = [];
  let literal = '';
  file.columns.forEach((c, i) => {
    if (i > 0) literal += ',';
    const expr = columns[c.name];
    if (expr === undefined) return;
    if (literal !== '') args.push(lit(literal));
    literal = '';
    args.push(fieldSql(c, expr));
  });
  args.push(`${lit(literal)} || E'\\r\\n'`);
  return concatSql(args);
}

/** The select list of rows handed to JavaScript: each column typed (`typedSql`) under its HUD name. */
export function selectListSql(file: FileSpec, columns: Readonly<Record<string, string>>): string {
  return Object.entries(columns)
    .map(([name, expr]) => {
      const c = file.column(name);
      if (!c) throw new Error(`${file.name}: no column ${name}`);
      return `${typedSql(c, expr)} as "${name}"`;
    })
    .join(', ');
}
