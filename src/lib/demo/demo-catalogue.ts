/**
 * The tables behind the demo map: specialisation areas and niches, partner networks, the real
 * institutions named in the public strategy documents, and the word parts from which every
 * other (invented) agent is named. Plain data; `demo-map.ts` turns it into a document.
 */
import type { NetworkKind, Sector } from '../model/index.ts';

export interface DemoArea {
	key: string;
	name: string;
	color: string;
	/** Nouns for invented private organisations working in this area. */
	trades: readonly string[];
	niches: readonly { key: string; name: string }[];
}

// Okabe–Ito colours: distinguishable with the common forms of colour blindness.
export const DEMO_AREAS: readonly DemoArea[] = [
	{
		key: 'bio',
		name: 'Bio-Polo',
		color: '#009e73',
		trades: ['Laboratorios', 'Cosmética Natural', 'Alimentos', 'Biotech', 'Clínica', 'Nutrición'],
		niches: [
			{ key: 'cosmeticos', name: 'Cosméticos e ingredientes naturales' },
			{ key: 'alimentos', name: 'Alimentos funcionales y nutrición' },
			{ key: 'salud', name: 'Servicios de salud de alta complejidad' },
			{ key: 'biofarma', name: 'Biotecnología y farmacéutica' }
		]
	},
	{
		key: 'creativa',
		name: 'Bogotá Región Creativa',
		color: '#cc79a7',
		trades: ['Estudio', 'Producciones', 'Diseño', 'Software', 'Contenidos', 'Animación'],
		niches: [
			{ key: 'audiovisual', name: 'Industrias culturales y audiovisuales' },
			{ key: 'moda', name: 'Diseño, moda y artesanía' },
			{ key: 'digital', name: 'Software y contenidos digitales' }
		]
	},
	{
		key: 'servicios',
		name: 'Servicios Empresariales',
		color: '#0072b2',
		trades: ['Logística', 'Finanzas', 'Consultores', 'Eventos', 'Seguros', 'Carga'],
		niches: [
			{ key: 'financieros', name: 'Servicios financieros y tecnología financiera' },
			{ key: 'logistica', name: 'Logística y comercio exterior' },
			{ key: 'turismo', name: 'Turismo de negocios y eventos' }
		]
	},
	{
		key: 'conocimiento',
		name: 'Hub de Conocimiento Avanzado',
		color: '#e69f00',
		trades: ['Analítica', 'Datos', 'Ingeniería', 'Tecnologías', 'Robótica', 'Consultoría TIC'],
		niches: [
			{ key: 'educacion', name: 'Educación superior e investigación' },
			{ key: 'tic', name: 'TIC, datos y analítica' },
			{ key: 'ingenieria', name: 'Ingeniería y manufactura avanzada' }
		]
	},
	{
		key: 'sostenible',
		name: 'Ciudad-Región Sostenible',
		color: '#56b4e9',
		trades: ['Energía', 'Construcciones', 'Reciclaje', 'Movilidad', 'Aguas', 'Ambiental'],
		niches: [
			{ key: 'construccion', name: 'Construcción sostenible' },
			{ key: 'energia', name: 'Energía y movilidad limpias' },
			{ key: 'agua', name: 'Gestión del agua y de los residuos' }
		]
	}
];

export interface DemoNetwork {
	key: string;
	name: string;
	kind: NetworkKind;
	color: string;
}

export const DEMO_NETWORKS: readonly DemoNetwork[] = [
	{ key: 'ucci', name: 'UCCI — Unión de Ciudades Capitales Iberoamericanas', kind: 'city-network', color: '#d55e00' },
	{ key: 'cglu', name: 'CGLU / UCLG — Ciudades y Gobiernos Locales Unidos', kind: 'city-network', color: '#8c510a' },
	{ key: 'metropolis', name: 'Metropolis', kind: 'city-network', color: '#762a83' },
	{ key: 'iclei', name: 'ICLEI — Gobiernos Locales por la Sostenibilidad', kind: 'city-network', color: '#1b7837' },
	{ key: 'iuc', name: 'Cooperación Urbana Internacional (IUC) de la UE', kind: 'programme', color: '#2166ac' },
	{ key: 'innovact', name: 'INNOVACT', kind: 'programme', color: '#b2182b' },
	{ key: 'innoval', name: 'INNOVAL', kind: 'programme', color: '#5ab4ac' },
	{ key: 's3', name: 'Plataforma S3 (especialización inteligente)', kind: 'programme', color: '#4d4d4d' },
	{ key: 'coop-eu', name: 'Agencia de cooperación europea (demo)', kind: 'cooperation-agency', color: '#f0e442' },
	{ key: 'coop-asia', name: 'Agencia de cooperación asiática (demo)', kind: 'cooperation-agency', color: '#999999' },
	{ key: 'embajada', name: 'Embajada europea (demo)', kind: 'embassy', color: '#542788' },
	{ key: 'cluster', name: 'Red de clústeres regionales (demo)', kind: 'cluster', color: '#bf812d' }
];

export interface RealInstitution {
	key: string;
	name: string;
	sector: Sector;
	/** A locality of Bogotá or a municipality: an approximate location, nothing more. */
	place: string;
	areas: readonly string[];
	networks: readonly string[];
	website: string;
	role: string;
}

// Named in the public strategy documents. Locations are approximate and every relation in the
// demo is illustrative; no contact data.
export const REAL_INSTITUTIONS: readonly RealInstitution[] = [
	{ key: 'ccb', name: 'Cámara de Comercio de Bogotá', sector: 'private', place: 'Teusaquillo', areas: ['servicios', 'creativa'], networks: ['cluster', 'innovact'], website: 'https://www.ccb.org.co', role: 'Cámara de comercio; articula las iniciativas de clúster de la región' },
	{ key: 'connect', name: 'Connect Bogotá Región', sector: 'civil-society', place: 'Chapinero', areas: ['conocimiento', 'bio'], networks: ['s3'], website: 'https://connectbogota.org', role: 'Alianza universidad–empresa–Estado para la innovación' },
	{ key: 'invest', name: 'Invest in Bogotá', sector: 'public', place: 'Chapinero', areas: ['servicios'], networks: ['coop-eu'], website: 'https://investinbogota.org', role: 'Agencia de promoción de inversión' },
	{ key: 'probogota', name: 'ProBogotá Región', sector: 'civil-society', place: 'Chapinero', areas: ['sostenible'], networks: [], website: 'https://probogota.org', role: 'Fundación empresarial de análisis y propuestas para la región' },
	{ key: 'andi', name: 'ANDI', sector: 'private', place: 'Chapinero', areas: ['servicios', 'conocimiento'], networks: ['cluster'], website: 'https://www.andi.com.co', role: 'Asociación gremial de la industria' },
	{ key: 'alcaldia', name: 'Alcaldía Mayor de Bogotá', sector: 'public', place: 'La Candelaria', areas: ['sostenible', 'creativa'], networks: ['ucci', 'metropolis'], website: 'https://bogota.gov.co', role: 'Gobierno distrital' },
	{ key: 'gobernacion', name: 'Gobernación de Cundinamarca', sector: 'public', place: 'Teusaquillo', areas: ['sostenible', 'bio'], networks: ['iuc', 's3'], website: 'https://www.cundinamarca.gov.co', role: 'Gobierno departamental' },
	{ key: 'mincit', name: 'Ministerio de Comercio, Industria y Turismo', sector: 'public', place: 'Santa Fe', areas: ['servicios'], networks: ['innoval'], website: 'https://www.mincit.gov.co', role: 'Ministerio nacional de comercio, industria y turismo' },
	{ key: 'unal', name: 'Universidad Nacional de Colombia', sector: 'academia', place: 'Teusaquillo', areas: ['conocimiento', 'bio'], networks: ['innoval'], website: 'https://unal.edu.co', role: 'Universidad pública nacional' },
	{ key: 'uniandes', name: 'Universidad de los Andes', sector: 'academia', place: 'Santa Fe', areas: ['conocimiento', 'creativa'], networks: ['innovact'], website: 'https://uniandes.edu.co', role: 'Universidad privada' },
	{ key: 'javeriana', name: 'Pontificia Universidad Javeriana', sector: 'academia', place: 'Chapinero', areas: ['conocimiento', 'bio'], networks: [], website: 'https://www.javeriana.edu.co', role: 'Universidad privada' },
	{ key: 'rosario', name: 'Universidad del Rosario', sector: 'academia', place: 'La Candelaria', areas: ['conocimiento', 'servicios'], networks: [], website: 'https://urosario.edu.co', role: 'Universidad privada' },
	{ key: 'sena', name: 'SENA', sector: 'public', place: 'Chapinero', areas: ['conocimiento', 'creativa'], networks: ['coop-asia'], website: 'https://www.sena.edu.co', role: 'Servicio nacional de formación técnica y tecnológica' },
	{ key: 'corferias', name: 'Corferias', sector: 'private', place: 'Teusaquillo', areas: ['servicios', 'creativa'], networks: [], website: 'https://corferias.com', role: 'Recinto ferial y de convenciones' },
	{ key: 'maloka', name: 'Maloka', sector: 'civil-society', place: 'Fontibón', areas: ['conocimiento'], networks: [], website: 'https://maloka.org', role: 'Centro interactivo de ciencia y tecnología' }
];

/** Invented word roots for organisation names (places, landscapes and flora of the region). */
export const NAME_ROOTS = [
	'BioAndes', 'Sabana', 'Tequendama', 'Guadalupe', 'Monserrate', 'Chingaza', 'Frailejón', 'Cóndor',
	'Páramo', 'Orquídea', 'Altiplano', 'Bacatá', 'Tominé', 'Guatavita', 'Neusa', 'Sumapaz',
	'Magdalena', 'Salitre', 'Cerros', 'Andina', 'Alto Bogotá', 'Colibrí', 'Mutis', 'Nevado',
	'Quinua', 'Arrayán', 'Gualivá', 'Tunjo', 'Chicamocha', 'Bochica', 'Aurora', 'Calandria'
] as const;

/** Name patterns per sector; `{root}` is a root, `{trade}` a trade of the agent's first area. */
export const SECTOR_PATTERNS: Record<Sector, readonly string[]> = {
	public: ['Oficina de Competitividad {root}', 'Agencia Regional {root}', 'Oficina de Innovación {root}'],
	private: ['{root} {trade}', '{trade} {root}', '{trade} {root} S.A.S.', 'Grupo {root} {trade}'],
	academia: ['Fundación Universitaria {root}', 'Corporación Universitaria {root}', 'Instituto Tecnológico {root}', 'Escuela Superior {root}'],
	research: ['Centro de Investigación {root}', 'Laboratorio de Innovación {root}', 'Observatorio {root}', 'Instituto {root} de Estudios Avanzados'],
	'civil-society': ['Fundación {root}', 'Corporación {root} Emprende', 'Red de Emprendedoras {root}', 'Asociación de Productores {root}'],
	international: ['Programa Internacional {root}', 'Misión de Cooperación {root}', 'Fondo Multilateral {root}'],
	media: ['{root} Radio', 'Revista {root}', 'Canal {root} Digital', 'Pódcast {root}'],
	other: ['Coworking {root}', 'Incubadora {root}', 'Parque Tecnológico {root}', 'Aceleradora {root}']
};

/** How an agent of each sector is introduced in its description. */
export const SECTOR_ROLES: Record<Sector, string> = {
	public: 'Entidad pública',
	private: 'Empresa',
	academia: 'Institución de educación superior',
	research: 'Centro de investigación',
	'civil-society': 'Organización de la sociedad civil',
	international: 'Organismo de cooperación internacional',
	media: 'Medio de comunicación',
	other: 'Organización de apoyo al emprendimiento'
};

/** Share of invented agents per sector, out of 100. */
export const SECTOR_WEIGHTS: Record<Sector, number> = {
	public: 10,
	private: 40,
	academia: 10,
	research: 10,
	'civil-society': 12,
	international: 6,
	media: 6,
	other: 6
};

export const DEMO_TAGS = [
	'startup', 'pyme', 'exportador', 'mujeres', 'jóvenes', 'rural', 'economía circular',
	'transformación digital', 'I+D', 'formación', 'inversión extranjera', 'innovación abierta'
] as const;

/** Municipalities of Cundinamarca that get invented agents (all in `places.ts`). */
export const DEMO_MUNICIPALITIES = [
	'Soacha', 'Chía', 'Zipaquirá', 'Facatativá', 'Mosquera', 'Funza', 'Cota', 'Tocancipá',
	'Fusagasugá', 'Girardot', 'Madrid', 'Cajicá', 'Sopó', 'La Calera'
] as const;

/** Bogotá localities where organisations cluster get more agents; Sumapaz (rural) none. */
export const LOCALITY_WEIGHTS: Record<string, number> = {
	Chapinero: 5, Usaquén: 4, Teusaquillo: 4, 'Barrios Unidos': 3, Suba: 3, Fontibón: 3,
	Engativá: 2, Kennedy: 2, 'Puente Aranda': 2, 'Santa Fe': 2, 'La Candelaria': 2, Sumapaz: 0
};

export const STREETS = ['Calle', 'Carrera', 'Avenida Calle', 'Avenida Carrera', 'Transversal', 'Diagonal'] as const;

export const PROJECT_PATTERNS = [
	'Laboratorio abierto: {niche}',
	'Ruta de internacionalización — {niche}',
	'Plataforma compartida de {niche}',
	'Programa de escalamiento en {niche}',
	'Red de proveedores de {niche}',
	'Formación de talento para {niche}'
] as const;

export const LINK_NOTES = [
	'Convenio marco de cooperación',
	'Proyecto conjunto en curso',
	'Intercambio de conocimiento y pasantías',
	'Cofinanciación de un piloto',
	'Proveedor habitual',
	'Participación en la misma mesa de trabajo',
	''
] as const;
