/**
 * Password rules after OWASP ASVS 5 (V6): 8 to 128 characters, any characters, refused when common or
 * built from the user's own details. No composition rules, no forced rotation.
 */
const COMMON = new Set([
  'password', 'password1', 'password123', '12345678', '123456789', '1234567890', 'qwerty123', 'qwertyuiop',
  'iloveyou', 'sunshine1', 'football', 'baseball', 'welcome1', 'letmein1', 'admin123', 'abc12345',
  'passw0rd', 'trustno1', 'changeme', '11111111', '00000000', '87654321', 'princess', 'superman',
  'starwars', 'whatever', 'michelle', 'jennifer', 'computer', 'corvette', 'mercedes', 'internet',
  'p@ssw0rd', 'password!', 'welcome123', 'hearth123', 'hmis1234', 'homeless', 'chicago1',
]);

export interface PasswordContext {
  username?: string;
  displayName?: string;
  email?: string | null;
}

/** Returns the reason the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const length = [...password].length;
  if (length < 8) return 'Use at least 8 characters.';
  if (length > 128) return 'Use at most 128 characters.';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'This password is too common. Choose another one.';
  const words = [context.username, context.displayName, context.email?.split('@')[0], 'hearth']
    .flatMap((w) => (w ?? '').toLowerCase().split(/\s+/))
    .filter((w) => w.length >= 4);
  if (words.some((w) => lower === w || lower.includes(w) && lower.replace(w, '').replace(/[^a-z]/g, '').length < 3)) {
    return 'Do not build the password from your name or username.';
  }
  return null;
}
