/**
 * GraphML (graphml.graphdrawing.org) of a graphology graph: one `<key>` per attribute name with
 * its type, then nodes and edges with their `<data>`. Written here because graphology-graphml
 * only parses; its parser reads our files back in the tests. Attribute names are the graph's
 * own, so Gephi Lite (graphology) finds `label`, `x`, `y`, `color` and `weight` where it
 * looks for them.
 */
import type { AbstractGraph, Attributes } from 'graphology-types';

type KeyType = 'string' | 'double' | 'boolean';

// Characters XML 1.0 cannot carry at all (C0 controls but tab, LF, CR; U+FFFE/U+FFFF; lone
// surrogates): a peer may have typed them, and one would make the whole file unreadable.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text that XML can carry: what it cannot is dropped. Used for every value a writer gets. */
export function xmlSafe(text: string): string {
	return text.replace(NOT_XML, '');
}

function escape(text: string): string {
	return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function typeOf(value: unknown): KeyType | null {
	if (typeof value === 'number') return Number.isFinite(value) ? 'double' : null;
	if (typeof value === 'boolean') return 'boolean';
	if (typeof value === 'string') return 'string';
	return null;
}

/** Each attribute name with one type for all elements (a name of mixed types becomes a string). */
function model(values: Iterable<Attributes>): Map<string, KeyType> {
	const types = new Map<string, KeyType>();
	for (const attributes of values) {
		for (const [name, value] of Object.entries(attributes)) {
			const type = typeOf(value);
			if (!type) continue;
			const known = types.get(name);
			types.set(name, known && known !== type ? 'string' : type);
		}
	}
	return types;
}

function data(keys: Map<string, KeyType>, prefix: string, attributes: Attributes): string {
	let out = '';
	for (const name of keys.keys()) {
		const value = attributes[name];
		if (typeOf(value) === null) continue;
		out += `<data key="${prefix}${escape(name)}">${escape(String(value))}</data>`;
	}
	return out;
}

export function writeGraphML(graph: AbstractGraph): string {
	const nodeKeys = model(graph.mapNodes((_node, attributes) => attributes));
	const edgeKeys = model(graph.mapEdges((_edge, attributes) => attributes));
	const lines = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
	];
	for (const [name, type] of nodeKeys) lines.push(`  <key id="n_${escape(name)}" for="node" attr.name="${escape(name)}" attr.type="${type}"/>`);
	for (const [name, type] of edgeKeys) lines.push(`  <key id="e_${escape(name)}" for="edge" attr.name="${escape(name)}" attr.type="${type}"/>`);
	lines.push(`  <graph id="G" edgedefault="${graph.type === 'directed' ? 'directed' : 'undirected'}">`);
	graph.forEachNode((node, attributes) => lines.push(`    <node id="${escape(node)}">${data(nodeKeys, 'n_', attributes)}</node>`));
	graph.forEachEdge((edge, attributes, source, target, _s, _t, undirected) => {
		const direction = graph.type === 'mixed' ? ` directed="${!undirected}"` : '';
		lines.push(`    <edge id="${escape(edge)}" source="${escape(source)}" target="${escape(target)}"${direction}>${data(edgeKeys, 'e_', attributes)}</edge>`);
	});
	lines.push('  </graph>', '</graphml>', '');
	return lines.join('\n');
}
