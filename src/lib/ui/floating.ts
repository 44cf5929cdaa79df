/**
 * Menus and popovers anchored to their button and kept inside the window, wherever the button
 * sits in the bar (a menu anchored by CSS alone opened 116 px off-screen when the bar wrapped).
 * On a phone the menu is a bottom sheet laid out by CSS, so nothing is computed there.
 */
import { autoUpdate, computePosition, flip, offset, shift, size, type Placement } from '@floating-ui/dom';
import type { Attachment } from 'svelte/attachments';

export const PHONE_QUERY = '(max-width: 700px)';

export function anchoredTo(reference: HTMLElement | undefined, placement: Placement = 'bottom-end'): Attachment<HTMLElement> {
	return (floating) => {
		if (!reference || window.matchMedia(PHONE_QUERY).matches) return;
		Object.assign(floating.style, { position: 'fixed', top: '0', left: '0', right: 'auto', bottom: 'auto' });
		const place = () =>
			void computePosition(reference, floating, {
				strategy: 'fixed',
				placement,
				middleware: [
					offset(6),
					flip({ padding: 8 }),
					shift({ padding: 8 }),
					size({
						padding: 8,
						apply: ({ availableHeight }) => {
							floating.style.maxHeight = `${Math.max(160, availableHeight)}px`;
						}
					})
				]
			}).then(({ x, y }) => Object.assign(floating.style, { left: `${x}px`, top: `${y}px` }));
		return autoUpdate(reference, floating, place);
	};
}
