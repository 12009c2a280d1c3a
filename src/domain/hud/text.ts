/**
 * HUD's rule for text in the HMIS CSV (FY2026: any UTF-8 character except `< > [ ] { }`), shared by the
 * importer's validator and the API's input schemas (`HudText` in http/schemas.ts), so that whatever
 * Hearth accepts it can export, and whatever it exports its own importer accepts (issue 15, defect 9).
 */
export const HUD_FORBIDDEN_CHARACTERS = /[<>[\]{}]/;

/** The characters as people read them in a message. */
export const HUD_FORBIDDEN_LIST = '< > [ ] { }';

/** The first character of `value` HUD text may not contain, or null. */
export function hudForbiddenCharacter(value: string): string | null {
  const m = HUD_FORBIDDEN_CHARACTERS.exec(value);
  return m ? m[0] : null;
}
