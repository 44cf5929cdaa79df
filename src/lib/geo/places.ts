/**
 * Gazetteer of the Bogotá–Cundinamarca region: the capital, Bogotá's 20 localities and
 * Cundinamarca's 116 municipalities.
 *
 * Source: names follow DANE's DIVIPOLA list; coordinates are approximate town centres (the
 * main square of each municipal seat, the middle of each locality's urban area) written down
 * from public, Wikipedia-level knowledge and rounded to 4 decimals. They are good to ±1–2 km:
 * enough to place an agent near its town and to label the map, not for measuring or routing.
 * No npm package carries DIVIPOLA points, so this list is maintained by hand (see SOURCES.md).
 */

export interface Place {
	name: string;
	kind: 'capital' | 'locality' | 'municipality';
	department: 'Bogotá D.C.' | 'Cundinamarca';
	lon: number;
	lat: number;
}

type Row = readonly [name: string, lon: number, lat: number];

const CAPITAL: Row = ['Bogotá', -74.076, 4.5981];

const LOCALITIES: readonly Row[] = [
	['Usaquén', -74.033, 4.715],
	['Chapinero', -74.062, 4.645],
	['Santa Fe', -74.068, 4.608],
	['San Cristóbal', -74.086, 4.565],
	['Usme', -74.115, 4.49],
	['Tunjuelito', -74.133, 4.576],
	['Bosa', -74.19, 4.618],
	['Kennedy', -74.152, 4.63],
	['Fontibón', -74.143, 4.678],
	['Engativá', -74.11, 4.705],
	['Suba', -74.083, 4.743],
	['Barrios Unidos', -74.075, 4.668],
	['Teusaquillo', -74.085, 4.642],
	['Los Mártires', -74.09, 4.606],
	['Antonio Nariño', -74.1, 4.59],
	['Puente Aranda', -74.115, 4.617],
	['La Candelaria', -74.07, 4.597],
	['Rafael Uribe Uribe', -74.115, 4.572],
	['Ciudad Bolívar', -74.155, 4.545],
	// Almost all rural, reaching south to the Sumapaz páramo; this is the middle of its villages.
	['Sumapaz', -74.23, 4.03]
];

// Grouped by Cundinamarca's 15 provinces, which is how local partners tend to think of them.
const MUNICIPALITIES: readonly Row[] = [
	// Sabana Centro
	['Cajicá', -74.0264, 4.9183],
	['Chía', -74.0589, 4.8617],
	['Cogua', -73.9789, 5.0608],
	['Cota', -74.1031, 4.8094],
	['Gachancipá', -73.8717, 4.9914],
	['Nemocón', -73.8775, 5.0683],
	['Sopó', -73.9394, 4.9078],
	['Tabio', -74.0972, 4.9161],
	['Tenjo', -74.1439, 4.8722],
	['Tocancipá', -73.9122, 4.9653],
	['Zipaquirá', -74.0048, 5.0221],
	// Sabana Occidente
	['Bojacá', -74.3422, 4.7342],
	['El Rosal', -74.2606, 4.8531],
	['Facatativá', -74.3547, 4.8139],
	['Funza', -74.2114, 4.7164],
	['Madrid', -74.2639, 4.7328],
	['Mosquera', -74.2306, 4.7058],
	['Subachoque', -74.1733, 4.9283],
	['Zipacón', -74.38, 4.7594],
	// Soacha
	['Sibaté', -74.2594, 4.4908],
	['Soacha', -74.217, 4.5797],
	// Sumapaz
	['Arbeláez', -74.4153, 4.2722],
	['Cabrera', -74.4836, 3.9853],
	['Fusagasugá', -74.3639, 4.3367],
	['Granada', -74.3511, 4.5183],
	['Pandi', -74.4869, 4.1903],
	['Pasca', -74.3006, 4.3086],
	['San Bernardo', -74.4222, 4.1792],
	['Silvania', -74.3878, 4.4033],
	['Tibacuy', -74.4522, 4.3472],
	['Venecia', -74.4778, 4.0889],
	// Tequendama
	['Anapoima', -74.5358, 4.55],
	['Anolaima', -74.4644, 4.7617],
	['Apulo', -74.5936, 4.52],
	['Cachipay', -74.4367, 4.7308],
	['El Colegio', -74.4425, 4.58],
	['La Mesa', -74.4622, 4.63],
	['Quipile', -74.5339, 4.7447],
	['San Antonio del Tequendama', -74.3514, 4.6167],
	['Tena', -74.3894, 4.6556],
	['Viotá', -74.5217, 4.4397],
	// Alto Magdalena
	['Agua de Dios', -74.6706, 4.3764],
	['Girardot', -74.8036, 4.3031],
	['Guataquí', -74.7892, 4.5156],
	['Jerusalén', -74.6953, 4.5625],
	['Nariño', -74.8256, 4.3992],
	['Nilo', -74.6206, 4.3058],
	['Ricaurte', -74.7731, 4.2806],
	['Tocaima', -74.635, 4.4583],
	// Magdalena Centro
	['Beltrán', -74.7411, 4.8019],
	['Bituima', -74.5392, 4.8717],
	['Chaguaní', -74.5933, 4.9486],
	['Guayabal de Síquima', -74.4681, 4.8783],
	['Pulí', -74.7142, 4.6819],
	['San Juan de Rioseco', -74.6225, 4.8475],
	['Vianí', -74.5619, 4.8753],
	// Bajo Magdalena
	['Caparrapí', -74.4917, 5.3467],
	['Guaduas', -74.5981, 5.0694],
	['Puerto Salgar', -74.6536, 5.4653],
	// Gualivá
	['Albán', -74.4383, 4.8781],
	['La Peña', -74.3939, 5.1983],
	['La Vega', -74.34, 4.9994],
	['Nimaima', -74.385, 5.1261],
	['Nocaima', -74.3783, 5.0697],
	['Quebradanegra', -74.48, 5.1181],
	['San Francisco', -74.2894, 4.9728],
	['Sasaima', -74.4356, 4.965],
	['Supatá', -74.2372, 5.0608],
	['Útica', -74.4828, 5.1894],
	['Vergara', -74.3461, 5.1175],
	['Villeta', -74.4728, 5.0128],
	// Rionegro
	['El Peñón', -74.2889, 5.2486],
	['La Palma', -74.3906, 5.3592],
	['Pacho', -74.1583, 5.1306],
	['Paime', -74.1522, 5.3703],
	['San Cayetano', -74.0247, 5.3331],
	['Topaipí', -74.3008, 5.3358],
	['Villagómez', -74.1956, 5.2731],
	['Yacopí', -74.3381, 5.4594],
	// Ubaté
	['Carmen de Carupa', -73.9011, 5.3486],
	['Cucunubá', -73.7661, 5.2497],
	['Fúquene', -73.7961, 5.4044],
	['Guachetá', -73.6864, 5.3844],
	['Lenguazaque', -73.7117, 5.3064],
	['Simijaca', -73.8514, 5.5047],
	['Susa', -73.8142, 5.4533],
	['Sutatausa', -73.8525, 5.2472],
	['Tausa', -73.8881, 5.1964],
	['Ubaté', -73.8161, 5.3072],
	// Almeidas
	['Chocontá', -73.6853, 5.1447],
	['Machetá', -73.6081, 5.0797],
	['Manta', -73.5403, 5.0089],
	['Sesquilé', -73.7972, 5.0453],
	['Suesca', -73.7994, 5.1036],
	['Tibirita', -73.5047, 5.0519],
	['Villapinzón', -73.5961, 5.2158],
	// Guavio
	['Gachalá', -73.5203, 4.6931],
	['Gachetá', -73.6367, 4.8172],
	['Gama', -73.6106, 4.7628],
	['Guasca', -73.8769, 4.8664],
	['Guatavita', -73.8333, 4.9361],
	['Junín', -73.6631, 4.7906],
	['La Calera', -73.9681, 4.7206],
	['Ubalá', -73.5344, 4.7453],
	// Oriente
	['Cáqueza', -73.9469, 4.4053],
	['Chipaque', -74.0442, 4.4425],
	['Choachí', -73.9231, 4.5286],
	['Fómeque', -73.8953, 4.4861],
	['Fosca', -73.9389, 4.3392],
	['Guayabetal', -73.8167, 4.215],
	['Gutiérrez', -74.0033, 4.2547],
	['Quetame', -73.8633, 4.33],
	['Ubaque', -73.9339, 4.4833],
	['Une', -74.025, 4.4028],
	// Medina
	['Medina', -73.3494, 4.5089],
	['Paratebueno', -73.2139, 4.3756]
];

const place =
	(kind: Place['kind'], department: Place['department']) =>
	([name, lon, lat]: Row): Place => ({ name, kind, department, lon, lat });

export const PLACES: readonly Place[] = Object.freeze([
	place('capital', 'Bogotá D.C.')(CAPITAL),
	...LOCALITIES.map(place('locality', 'Bogotá D.C.')),
	...MUNICIPALITIES.map(place('municipality', 'Cundinamarca'))
]);

/** Accent-, case-, punctuation- and spacing-insensitive form of a place name. */
function placeKey(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[.,]/g, ' ')
		.trim()
		.replace(/\s+/g, ' ');
}

// Other ways people write a place: the capital's official forms and the municipalities whose
// official DIVIPOLA name differs from the everyday one.
const ALIASES: Record<string, string> = {
	'bogota d c': 'Bogotá',
	'bogota dc': 'Bogotá',
	'bogota distrito capital': 'Bogotá',
	'villa de san diego de ubate': 'Ubaté',
	'san juan de rio seco': 'San Juan de Rioseco'
};

const BY_KEY = new Map(PLACES.map((p) => [placeKey(p.name), p]));
for (const [alias, name] of Object.entries(ALIASES)) BY_KEY.set(alias, BY_KEY.get(placeKey(name))!);

export function findPlace(name: string): Place | undefined {
	return BY_KEY.get(placeKey(name));
}
