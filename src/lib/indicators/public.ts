/** What GET /api/public/:mapId/indicators answers (server/http/indicators-routes.ts). */
import type { Indicators } from './compute.ts';

export interface PublicIndicators {
	map: { name: string };
	generatedAt: number;
	indicators: Indicators;
}
