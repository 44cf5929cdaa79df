/** Messages of the network view and the map/network switch, in both languages. */
export const en = {
	'networkView.switch': 'View',
	'networkView.map': 'Map',
	'networkView.network': 'Network',
	'networkView.both': 'Both',
	'networkView.bothTitle': 'Map and network side by side',
	'networkView.label': 'Network of the agents in this view',
	'networkView.arranging': 'Arranging the network…',
	'networkView.loading': 'Loading the network…',
	'networkView.empty': 'No agents in this view. Change the filter to see their network.',
	'networkView.summary': 'Network of {agents} agents and {links} links',
	'networkView.selected': 'Selected in the network: {name}, {count} links.',
	'networkView.hint': 'Drag an agent to pin it. With the keyboard, choose agents in the list.'
};

export const es: Record<keyof typeof en, string> = {
	'networkView.switch': 'Vista',
	'networkView.map': 'Mapa',
	'networkView.network': 'Red',
	'networkView.both': 'Ambos',
	'networkView.bothTitle': 'Mapa y red lado a lado',
	'networkView.label': 'Red de los agentes de esta vista',
	'networkView.arranging': 'Ordenando la red…',
	'networkView.loading': 'Cargando la red…',
	'networkView.empty': 'No hay agentes en esta vista. Cambie el filtro para ver su red.',
	'networkView.summary': 'Red de {agents} agentes y {links} vínculos',
	'networkView.selected': 'Seleccionado en la red: {name}, {count} vínculos.',
	'networkView.hint': 'Arrastre un agente para fijarlo. Con el teclado, elija agentes en la lista.'
};
