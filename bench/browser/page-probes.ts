/**
 * Code run inside the app's page before its own scripts (Playwright `addInitScript`), so the
 * benchmark can tell when agents are on screen without any hook in the app:
 *
 * - WebGL calls are wrapped to count, per rendered frame, the elements drawn by MapLibre's
 *   circle program (the agents layer; recognised by a uniform only its shader declares) and
 *   by all programs. A frame is one task's worth of draw calls.
 * - A MutationObserver records when the agent list first shows the expected N agents (its
 *   "Showing N of N" line, read from its data-count; not any "N agentes" text on the page,
 *   which other parts of the page may say before the list is filled).
 * - A requestAnimationFrame recorder gives frame-to-frame times while the benchmark pans.
 *
 * It must stay plain JavaScript once types are stripped: Playwright sends its source text.
 */

export interface DrawnFrame {
	start: number;
	end: number;
	circle: number;
	total: number;
}

export interface PageProbeState {
	frames: DrawnFrame[];
	listShownAt: number | null;
	idle: boolean;
}

declare global {
	interface Window {
		__tejidoBench: {
			state(): PageProbeState;
			startFrameClock(): void;
			stopFrameClock(): number[];
		};
	}
}

export function installPageProbes(expectedAgents: number): void {
	const frames: DrawnFrame[] = [];
	let frame: DrawnFrame | null = null;
	let frameOpen = false;
	let program: WebGLProgram | null = null;
	const circleShaders = new WeakSet<WebGLShader>();
	const circlePrograms = new WeakSet<WebGLProgram>();

	const note = (count: number) => {
		const now = performance.now();
		if (!frameOpen || !frame) {
			frame = { start: now, end: now, circle: 0, total: 0 };
			frames.push(frame);
			if (frames.length > 20_000) frames.splice(0, 5_000);
			frameOpen = true;
			// MapLibre draws a frame synchronously in one callback: the frame ends with the task.
			queueMicrotask(() => (frameOpen = false));
		}
		frame.end = now;
		frame.total += count;
		if (program && circlePrograms.has(program)) frame.circle += count;
	};

	for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype] as any[]) {
		const shaderSource = proto.shaderSource;
		proto.shaderSource = function (shader: WebGLShader, source: string) {
			if (source.includes('u_scale_with_map')) circleShaders.add(shader);
			return shaderSource.call(this, shader, source);
		};
		const attachShader = proto.attachShader;
		proto.attachShader = function (target: WebGLProgram, shader: WebGLShader) {
			if (circleShaders.has(shader)) circlePrograms.add(target);
			return attachShader.call(this, target, shader);
		};
		const useProgram = proto.useProgram;
		proto.useProgram = function (target: WebGLProgram | null) {
			program = target;
			return useProgram.call(this, target);
		};
		const drawElements = proto.drawElements;
		proto.drawElements = function (mode: number, count: number, type: number, offset: number) {
			note(count);
			return drawElements.call(this, mode, count, type, offset);
		};
		const drawArrays = proto.drawArrays;
		proto.drawArrays = function (mode: number, first: number, count: number) {
			note(count);
			return drawArrays.call(this, mode, first, count);
		};
	}

	let listShownAt: number | null = null;
	const checkCount = () => {
		if (listShownAt !== null || !document.body) return;
		const shown = document.querySelector('[data-testid="list-shown"]')?.getAttribute('data-count');
		if (Number(shown) === expectedAgents) {
			listShownAt = performance.now();
			observer.disconnect();
		}
	};
	const observer = new MutationObserver(checkCount);
	const observe = () =>
		observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-count'] });
	if (document.documentElement) observe();
	else document.addEventListener('DOMContentLoaded', observe);

	let clock: number[] | null = null;
	const tick = (time: number) => {
		if (!clock) return;
		clock.push(time);
		requestAnimationFrame(tick);
	};

	window.__tejidoBench = {
		state: () => ({
			frames: frames.slice(),
			listShownAt,
			idle: document.querySelector('.map[data-idle="true"]') !== null
		}),
		startFrameClock() {
			clock = [];
			requestAnimationFrame(tick);
		},
		stopFrameClock() {
			const times = clock ?? [];
			clock = null;
			return times;
		}
	};
}
