/**
 * Messages of the export formats: the menu's entries, and the CSV column headers (by stable
 * key, see docs/exchange.md). Spanish headers are words the importer already recognises, so
 * an exported file imports back whole in either language.
 */
export const en = {
	'exportFormats.layers': 'GIS layers (.zip)',
	'exportFormats.layersHint': 'For QGIS or ArcGIS: two layers, agents and links',
	'exportFormats.geojsonHint': 'One file for uMap, Felt or geojson.io; imports back into Tejido',
	'exportFormats.csvHint': 'For Excel or LibreOffice: one row per agent',
	'exportFormats.gexf': 'GEXF',
	'exportFormats.gexfHint': 'For Gephi or Gephi Lite: the network with its attributes',
	'exportFormats.graphml': 'GraphML',
	'exportFormats.graphmlHint': 'For Gephi Lite, Cytoscape or yEd',
	'exportFormats.map': 'Map',
	'exportFormats.network': 'Network',
	'exportFormats.links': 'Include links',
	'exportFormats.column.id': 'id',
	'exportFormats.column.name': 'name',
	'exportFormats.column.sector': 'sector',
	'exportFormats.column.lon': 'lon',
	'exportFormats.column.lat': 'lat',
	'exportFormats.column.municipality': 'municipality',
	'exportFormats.column.address': 'address',
	'exportFormats.column.areas': 'areas',
	'exportFormats.column.niches': 'niches',
	'exportFormats.column.networks': 'networks',
	'exportFormats.column.projects': 'projects',
	'exportFormats.column.tags': 'tags',
	'exportFormats.column.website': 'website',
	'exportFormats.column.contact': 'contact',
	'exportFormats.column.description': 'description'
};

export const es: Record<keyof typeof en, string> = {
	'exportFormats.layers': 'Capas SIG (.zip)',
	'exportFormats.layersHint': 'Para QGIS o ArcGIS: dos capas, agentes y vínculos',
	'exportFormats.geojsonHint': 'Un archivo para uMap, Felt o geojson.io; se vuelve a importar en Tejido',
	'exportFormats.csvHint': 'Para Excel o LibreOffice: una fila por agente',
	'exportFormats.gexf': 'GEXF',
	'exportFormats.gexfHint': 'Para Gephi o Gephi Lite: la red con sus atributos',
	'exportFormats.graphml': 'GraphML',
	'exportFormats.graphmlHint': 'Para Gephi Lite, Cytoscape o yEd',
	'exportFormats.map': 'Mapa',
	'exportFormats.network': 'Red',
	'exportFormats.links': 'Incluir vínculos',
	'exportFormats.column.id': 'id',
	'exportFormats.column.name': 'nombre',
	'exportFormats.column.sector': 'sector',
	'exportFormats.column.lon': 'longitud',
	'exportFormats.column.lat': 'latitud',
	'exportFormats.column.municipality': 'municipio',
	'exportFormats.column.address': 'dirección',
	'exportFormats.column.areas': 'áreas',
	'exportFormats.column.niches': 'nichos',
	'exportFormats.column.networks': 'redes',
	'exportFormats.column.projects': 'proyectos',
	'exportFormats.column.tags': 'etiquetas',
	'exportFormats.column.website': 'sitio web',
	'exportFormats.column.contact': 'contacto',
	'exportFormats.column.description': 'descripción'
};
