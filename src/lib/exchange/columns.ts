/**
 * The fields an imported column can fill, and a first guess of which column fills which,
 * from the headers people actually write (Spanish or English, with or without accents).
 */
import { CSV_COLUMNS } from './csv.ts';
import { normalizeKey } from './values.ts';

/** The fields an import fills are the columns an export writes: an exported file imports back whole. */
export const IMPORT_FIELDS = CSV_COLUMNS;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Which column (by index) fills each field; a field absent here is not imported. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

// Normalised header words for each field, most specific first. Short, ambiguous words (x, y)
// only match a whole header, never part of one.
const SYNONYMS: Record<ImportField, string[]> = {
	id: ['id', 'identificador', 'tejido id', 'uuid'],
	name: ['name', 'nombre', 'nombre de la entidad', 'nombre entidad', 'entidad', 'organizacion', 'organization', 'institucion', 'razon social', 'actor', 'agente', 'agent'],
	sector: ['sector', 'tipo de actor', 'tipo actor', 'tipo de entidad', 'tipo entidad'],
	lon: ['lon', 'lng', 'long', 'longitude', 'longitud', 'x'],
	lat: ['lat', 'latitude', 'latitud', 'y'],
	municipality: ['municipality', 'municipio', 'ciudad', 'city', 'localidad', 'locality', 'town'],
	address: ['address', 'direccion', 'domicilio'],
	areas: ['areas', 'area', 'areas de especializacion', 'area de especializacion', 'specialisation areas', 'specialization areas'],
	niches: ['niches', 'niche', 'nichos', 'nicho'],
	networks: ['networks', 'network', 'redes', 'red', 'redes aliadas', 'partner networks'],
	projects: ['projects', 'project', 'proyectos', 'proyecto'],
	tags: ['tags', 'tag', 'etiquetas', 'etiqueta', 'palabras clave', 'keywords'],
	website: ['website', 'web', 'sitio web', 'pagina web', 'url'],
	contact: ['contact', 'contacto', 'email', 'correo', 'correo electronico', 'telefono', 'phone'],
	description: ['description', 'descripcion', 'observaciones', 'notas', 'notes']
};

/** Guesses a mapping: exact header matches first, then headers that contain a field's word. */
export function guessMapping(columns: readonly string[]): ColumnMapping {
	const keys = columns.map(normalizeKey);
	const mapping: ColumnMapping = {};
	const used = new Set<number>();
	const assign = (field: ImportField, index: number) => {
		mapping[field] = index;
		used.add(index);
	};
	for (const field of IMPORT_FIELDS) {
		for (const word of SYNONYMS[field]) {
			const index = keys.findIndex((key, i) => key === word && !used.has(i));
			if (index >= 0 && mapping[field] === undefined) assign(field, index);
		}
	}
	// A header like "nombre del municipio" holds two fields' words: the longer, more specific
	// word wins.
	const partial: { field: ImportField; index: number; length: number }[] = [];
	for (const field of IMPORT_FIELDS) {
		for (const word of SYNONYMS[field].filter((w) => w.length >= 4)) {
			keys.forEach((key, index) => {
				if (` ${key} `.includes(` ${word} `)) partial.push({ field, index, length: word.length });
			});
		}
	}
	for (const { field, index } of partial.sort((a, b) => b.length - a.length)) {
		if (mapping[field] === undefined && !used.has(index)) assign(field, index);
	}
	return mapping;
}
