/** Actions on the map page that several tests share. */
import { expect, type Page } from '@playwright/test';

/** Adds an agent at the map's centre, the keyboard-friendly way: Agregar, then the hint's button. */
export async function addAtCentre(page: Page): Promise<void> {
	const add = page.getByRole('button', { name: 'Agregar agente' });
	if ((await add.getAttribute('aria-pressed')) !== 'true') await add.click();
	await page.getByRole('button', { name: 'Agregar en el centro del mapa' }).click();
	await expect(page.getByRole('button', { name: 'Agregar en el centro del mapa' })).toHaveCount(0);
}

/** How many distinct colours a screenshot region holds: a blank map shows one or two. */
export async function coloursIn(page: Page, shot: Buffer, region: { x: number; y: number; width: number; height: number }): Promise<number> {
	return page.evaluate(
		async ({ data, region }) => {
			const image = new Image();
			image.src = `data:image/png;base64,${data}`;
			await image.decode();
			const canvas = document.createElement('canvas');
			canvas.width = image.width;
			canvas.height = image.height;
			const context = canvas.getContext('2d')!;
			context.drawImage(image, 0, 0);
			const pixels = context.getImageData(region.x, region.y, region.width, region.height).data;
			const seen = new Set<number>();
			for (let i = 0; i < pixels.length; i += 4) seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
			return seen.size;
		},
		{ data: shot.toString('base64'), region }
	);
}
