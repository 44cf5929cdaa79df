/** Messages of the map's look: MapLibre's own controls, the legend's links and clusters (es must have every key of en). */
export const en = {
	'mapControls.zoomIn': 'Zoom in',
	'mapControls.zoomOut': 'Zoom out',
	'mapControls.resetBearing': 'Drag to rotate the map, click to face north',
	'mapControls.toggleAttribution': 'Show or hide the map credits',
	'mapControls.mapFeedback': 'Map feedback',
	'mapControls.map': 'Map',
	'mapControls.closePopup': 'Close',

	'legend.links': 'Links, by kind',
	'legend.linkWeight': 'Thicker lines are stronger links; the chosen agent’s links stand out.',
	'legend.clusterMix': 'Numbered circles group nearby agents, their ring in the colours of the agents inside: click one to zoom in.',
};

export const es: typeof en = {
	'mapControls.zoomIn': 'Acercar',
	'mapControls.zoomOut': 'Alejar',
	'mapControls.resetBearing': 'Arrastre para girar el mapa, haga clic para orientarlo al norte',
	'mapControls.toggleAttribution': 'Mostrar u ocultar los créditos del mapa',
	'mapControls.mapFeedback': 'Comentarios sobre el mapa',
	'mapControls.map': 'Mapa',
	'mapControls.closePopup': 'Cerrar',

	'legend.links': 'Vínculos, por tipo',
	'legend.linkWeight': 'Las líneas más gruesas son vínculos más fuertes; los del agente elegido se destacan.',
	'legend.clusterMix': 'Los círculos con número agrupan agentes cercanos; su anillo lleva los colores de los agentes que contienen: haga clic en uno para acercarse.',
};
