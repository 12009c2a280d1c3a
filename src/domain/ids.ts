import { randomUUID } from 'node:crypto';

/** IDs are UUIDs without hyphens: 32 characters, the most HUD's CSV allows. */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
