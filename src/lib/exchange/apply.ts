/** Writing a planned import: one transaction, so one undo step and never half an import. */
import type { MapDocument } from '../model/index.ts';
import type { ImportPlan } from './plan.ts';

/**
 * Applies the plan. The model checks the whole batch before writing; if the map changed in a
 * way that makes the plan impossible (someone deleted an agent it updates), it throws a
 * `ModelError` and nothing is written: plan again.
 */
export function applyImport(map: MapDocument, plan: ImportPlan): void {
	map.applyBatch(plan.batch);
}
