/** The form engine: definitions as data, visibility, validation. See types.ts. */
export * from './types.ts';
export * from './engine.ts';
export * from './schema.ts';
