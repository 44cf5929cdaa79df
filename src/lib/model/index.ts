/** The map document: schema, typed access and validation. The only module that knows Yjs keys. */
export * from './schema.ts';
export { MapDocument, type AgentInput, type LinkInput, type ChangeSet, type CreationOptions } from './map-document.ts';
export type { AgentPatch, AgentUpdate, AreaInput, EditBatch, NetworkInput, NicheInput, ProjectInput } from './batch.ts';
export type { InteractionInput, InteractionPatch, ProjectPatch, TargetField, TargetInput } from './register.ts';
export { InvalidTarget, MAX_TARGETS, byDeadline, cleanTarget } from './register.ts';
export { readLegacyTargets } from './legacy-targets.ts';
export { describeChanges, entityName, type EntityAction, type EntityChange } from './changes.ts';
export { ModelError, isHttpUrl, isIsoDate, isValidId, isValidLonLat, type Issue } from './validate.ts';
export { newId } from './ids.ts';
