/** Avatars: a person's initials, and a text colour that reads on their colour (WCAG AA). */

export function initials(name: string): string {
	const words = name.trim().split(/\s+/).filter((word) => /\p{L}|\p{N}/u.test(word));
	if (words.length === 0) return '?';
	const first = [...words[0]][0] ?? '';
	const last = words.length > 1 ? ([...words[words.length - 1]][0] ?? '') : '';
	return (first + last).toUpperCase();
}

function luminance(hex: string): number {
	const channel = (i: number) => {
		const value = parseInt(hex.slice(i, i + 2), 16) / 255;
		return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrast(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light + 0.05) / (dark + 0.05);
}

/** Near-black or white, whichever contrasts more with `background` (a #rrggbb colour). */
export function readableOn(background: string): string {
	if (!/^#[0-9a-f]{6}$/i.test(background)) return '#111111';
	return contrast(background, '#111111') >= contrast(background, '#ffffff') ? '#111111' : '#ffffff';
}
