/**
 * The place search box's pure part (src/lib/geo/place-search.ts): which gazetteer places a
 * query finds and in which order, which pasted coordinates and map links it reads (and in
 * which order, lat/lon or lon/lat), and which it refuses as impossible.
 */
import { describe, expect, it } from 'vitest';
import {
	coordinatesResult,
	formatPosition,
	parseCoordinates,
	parseMapLink,
	parseQuery,
	placeResult,
	rankPlaces,
	searchKey,
	ZOOM_FOR
} from '../../src/lib/geo/place-search.ts';
import { findPlace } from '../../src/lib/geo/places.ts';

const names = (text: string, limit?: number) => rankPlaces(text, limit).map((place) => place.name);

/** The [lon, lat] a query reads as, to 4 decimals; fails the test when it is not coordinates. */
function position(parsed: ReturnType<typeof parseQuery> | null): [number, number] {
	if (parsed?.kind !== 'coordinates') throw new Error(`expected coordinates, got ${JSON.stringify(parsed)}`);
	return [Number(parsed.position[0].toFixed(4)), Number(parsed.position[1].toFixed(4))];
}

describe('gazetteer ranking', () => {
	it('ignores accents and case: "chia" and "CHÍA" find Chía first', () => {
		expect(names('chia')[0]).toBe('Chía');
		expect(names('CHÍA')[0]).toBe('Chía');
	});

	it('finds by the start of a name: "usaq" finds the locality Usaquén', () => {
		// Teusaquillo only contains the letters, so it comes after.
		expect(names('usaq')).toEqual(['Usaquén', 'Teusaquillo']);
		expect(rankPlaces('usaq')[0].kind).toBe('locality');
	});

	it('puts an exact name before names that only start with it', () => {
		// "Suba" is a locality; "Subachoque" a municipality that starts with the same letters.
		expect(names('suba').slice(0, 2)).toEqual(['Suba', 'Subachoque']);
	});

	it('puts names that start with the query before names with a later word that does', () => {
		const found = names('san');
		const firstLaterWord = found.findIndex((name) => !searchKey(name).startsWith('san'));
		const lastStart = found.findLastIndex((name) => searchKey(name).startsWith('san'));
		expect(lastStart).toBeGreaterThanOrEqual(0);
		if (firstLaterWord !== -1) expect(lastStart).toBeLessThan(firstLaterWord);
	});

	it('finds by a later word and by every word started: "bolivar", "uribe rafael"', () => {
		expect(names('bolivar')).toContain('Ciudad Bolívar');
		expect(names('uribe rafael')).toEqual(['Rafael Uribe Uribe']);
	});

	it('finds the capital before its localities and keeps within the limit', () => {
		expect(names('bogota')[0]).toBe('Bogotá');
		expect(names('a', 5)).toHaveLength(5);
	});

	it('finds nothing for nonsense or an empty query', () => {
		expect(names('xyzzy')).toEqual([]);
		expect(names('   ')).toEqual([]);
	});

	it('gives a result the position and zoom of its kind', () => {
		const chia = placeResult(findPlace('Chía')!);
		expect(chia.position).toEqual([-74.0589, 4.8617]);
		expect(chia.zoom).toBe(ZOOM_FOR.municipality);
		expect(chia.detail).toBe('Cundinamarca');
		expect(placeResult(findPlace('Bogotá')!).zoom).toBeLessThan(chia.zoom);
	});
});

describe('pasted coordinates', () => {
	it('reads "lat, lon" decimals with or without a space, comma or semicolon', () => {
		expect(position(parseCoordinates('4.60, -74.08'))).toEqual([-74.08, 4.6]);
		expect(position(parseCoordinates('4.6097,-74.0817'))).toEqual([-74.0817, 4.6097]);
		expect(position(parseCoordinates('4.6097 -74.0817'))).toEqual([-74.0817, 4.6097]);
		expect(position(parseCoordinates('(4.6097; -74.0817)'))).toEqual([-74.0817, 4.6097]);
	});

	it('reads decimal commas when the pair is split by a semicolon or spaces', () => {
		expect(position(parseCoordinates('4,6097; -74,0817'))).toEqual([-74.0817, 4.6097]);
		expect(position(parseCoordinates('4,6097 -74,0817'))).toEqual([-74.0817, 4.6097]);
	});

	it('reads "lon, lat" when only that order puts the point in the region, and says so', () => {
		const parsed = parseCoordinates('-74.0817, 4.6097');
		expect(position(parsed)).toEqual([-74.0817, 4.6097]);
		expect(parsed).toMatchObject({ swapped: true });
		expect(parseCoordinates('4.6097, -74.0817')).toMatchObject({ swapped: false });
		// A first number beyond ±90 can only be a longitude.
		expect(position(parseCoordinates('120.5, 30.25'))).toEqual([120.5, 30.25]);
	});

	it('keeps "lat, lon" for a point elsewhere in the world', () => {
		expect(position(parseCoordinates('48.8584, 2.2945'))).toEqual([2.2945, 48.8584]);
		expect(position(parseCoordinates('-33.45, -70.66'))).toEqual([-70.66, -33.45]);
	});

	it('refuses coordinates that cannot be on Earth, saying which number is wrong', () => {
		expect(parseCoordinates('95, 200')).toEqual({ kind: 'invalid', reason: 'latitude' });
		expect(parseCoordinates('4.6, -190')).toEqual({ kind: 'invalid', reason: 'longitude' });
	});

	it('reads degrees, minutes and seconds with hemispheres (W and the Spanish O)', () => {
		expect(position(parseCoordinates("4°36'N 74°05'W"))).toEqual([-74.0833, 4.6]);
		expect(position(parseCoordinates('4°36′35″N, 74°4′54″O'))).toEqual([-74.0817, 4.6097]);
		expect(position(parseCoordinates('N 4º 36\' 35" W 74º 4\' 54"'))).toEqual([-74.0817, 4.6097]);
		// Longitude first, told by its letters.
		expect(position(parseCoordinates("74°05'W 4°36'N"))).toEqual([-74.0833, 4.6]);
		expect(position(parseCoordinates("4°36'S 74°05'E"))).toEqual([74.0833, -4.6]);
	});

	it('refuses two latitudes, and text that only contains a degree sign', () => {
		expect(parseCoordinates("4°N 5°N")).toBeNull();
		expect(parseCoordinates('Calle 26 # 4° piso')).toBeNull();
	});

	it('does not take words or a single number for coordinates', () => {
		expect(parseCoordinates('Chía')).toBeNull();
		expect(parseCoordinates('4.6')).toBeNull();
		expect(parseCoordinates('Calle 100 15')).toBeNull();
	});
});

describe('map links', () => {
	it('reads a Google Maps view, with its zoom', () => {
		expect(parseMapLink('https://www.google.com/maps/@4.6097,-74.0817,15z')).toEqual({
			kind: 'coordinates',
			position: [-74.0817, 4.6097],
			zoom: 15,
			swapped: false
		});
	});

	it('reads a Google Maps place: its own point (!3d!4d) over the view when it has one', () => {
		expect(position(parseMapLink('https://www.google.com/maps/place/Chía,+Cundinamarca/@4.6,-74.08,17z'))).toEqual([-74.08, 4.6]);
		const withPin =
			'https://www.google.com/maps/place/Museo+del+Oro/@4.6017,-74.0743,17z/data=!3m1!4b1!4m6!3m5!1s0x0:0x0!8m2!3d4.6019!4d-74.0721';
		expect(position(parseMapLink(withPin))).toEqual([-74.0721, 4.6019]);
		expect(position(parseMapLink('https://maps.google.com/?q=4.6097,-74.0817'))).toEqual([-74.0817, 4.6097]);
		expect(position(parseMapLink('https://www.google.com.co/maps/search/?api=1&query=4.61,-74.08'))).toEqual([-74.08, 4.61]);
	});

	it('reads OpenStreetMap views and markers', () => {
		expect(parseMapLink('https://www.openstreetmap.org/#map=15/4.6097/-74.0817')).toMatchObject({
			position: [-74.0817, 4.6097],
			zoom: 15
		});
		expect(position(parseMapLink('https://www.openstreetmap.org/?mlat=4.861&mlon=-74.059#map=14/4.86/-74.06'))).toEqual([-74.059, 4.861]);
		expect(position(parseMapLink('geo:4.6097,-74.0817?z=15'))).toEqual([-74.0817, 4.6097]);
	});

	it('refuses a map link with impossible coordinates', () => {
		expect(parseMapLink('https://www.openstreetmap.org/#map=15/94.6/-74.08')).toEqual({ kind: 'invalid', reason: 'latitude' });
		expect(parseMapLink('https://www.google.com/maps/@4.6,-274.08,15z')).toEqual({ kind: 'invalid', reason: 'longitude' });
	});

	it('ignores links to other sites and links without a place', () => {
		expect(parseMapLink('https://example.org/#map=15/4.6/-74.08')).toBeNull();
		expect(parseMapLink('https://www.google.com/search?q=chia')).toBeNull();
		expect(parseMapLink('javascript:alert(1)')).toBeNull();
		expect(parseMapLink('Chía')).toBeNull();
	});
});

describe('parseQuery', () => {
	it('tells links, coordinates and words apart', () => {
		expect(parseQuery('https://www.openstreetmap.org/#map=15/4.6097/-74.0817').kind).toBe('coordinates');
		expect(parseQuery(' 4.6, -74.08 ').kind).toBe('coordinates');
		expect(parseQuery('  Zipaquirá ')).toEqual({ kind: 'text', text: 'Zipaquirá' });
	});

	it('writes coordinates as lat, lon and gives pasted ones a street zoom unless the link had one', () => {
		expect(formatPosition([-74.08171234, 4.6097])).toBe('4.6097, -74.08171');
		expect(coordinatesResult([-74.08, 4.6], null).zoom).toBe(ZOOM_FOR.coordinates);
		expect(coordinatesResult([-74.08, 4.6], 12).zoom).toBe(12);
	});
});
