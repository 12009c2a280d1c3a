/** HUD data collection by member and stage, driven by config/forms/hud-data-collection.json. Pure. */
export * from './definition.ts';
export * from './rules.ts';
