/**
 * Text Hearth can store. PostgreSQL's text cannot hold NUL, and UTF-8 cannot hold a lone surrogate (the
 * driver would write a replacement character instead): both are refused, with the other C0 control
 * characters that have no place in a record (tab, line feed and carriage return are ordinary text).
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Why `value` cannot be stored as it is, or null when it can. */
export function unstorableText(value: string): string | null {
  const control = CONTROL.exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control characters (U+${code} at character ${control.index + 1})`;
  }
  if (!value.isWellFormed()) return 'must be valid Unicode text (a lone surrogate was found)';
  return null;
}

export interface TextProblem {
  /** JSON Pointer to the value (or to the key, for a key that is bad text). */
  pointer: string;
  message: string;
}

/** Deeper than any request Hearth takes: refused before anything walks it recursively. */
export const MAX_NESTING = 32;

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Every string (and object key) in a decoded JSON value or query that cannot be stored, and nesting
 * beyond MAX_NESTING. Iterative: a hostile document cannot exhaust the stack here.
 */
export function textProblems(value: unknown, max = 20): TextProblem[] {
  const problems: TextProblem[] = [];
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length > 0 && problems.length < max) {
    const [v, pointer, depth] = stack.pop()!;
    if (typeof v === 'string') {
      const why = unstorableText(v);
      if (why) problems.push({ pointer, message: why });
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_NESTING) {
        problems.push({ pointer, message: `nested more than ${MAX_NESTING} levels deep` });
        continue;
      }
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const at = `${pointer}/${escapePointer(key)}`;
        const keyProblem = Array.isArray(v) ? null : unstorableText(key);
        if (keyProblem) problems.push({ pointer: at, message: `name ${keyProblem}` });
        else stack.push([child, at, depth + 1]);
      }
    }
  }
  return problems;
}
