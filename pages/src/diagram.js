// The template drawn with bpmn-js's navigated viewer (window.BpmnJS, from vendor/bpmn-js), with the instance's state
// as markers: pf-executed (executed nodes), pf-taken (flows taken, from the recorded routes), pf-current (current
// nodes) and pf-returned (nodes a task was returned from).

/** Node ids where a task was returned (a RETURN history row leaves its fromNode). */
export function returnedNodes(diagram) {
  const ids = new Set();
  for (const node of diagram.nodes || []) {
    for (const entry of node.history || []) {
      if (entry.action === 'RETURN' && entry.fromNode) ids.add(entry.fromNode);
    }
  }
  return [...ids];
}

/** Node id to name, as written in the template (the BPMN's name attributes). */
export function nodeNames(bpmnXml) {
  const names = new Map();
  const doc = new DOMParser().parseFromString(bpmnXml || '', 'application/xml');
  for (const el of doc.getElementsByTagName('*')) {
    const id = el.getAttribute('id');
    if (id && el.localName !== 'definitions' && el.localName !== 'process' && !el.localName.startsWith('BPMN')
        && !names.has(id)) {
      names.set(id, { name: el.getAttribute('name') || id, kind: el.localName });
    }
  }
  return names;
}

/**
 * Draws the diagram into the container and marks it; resolves to the viewer once drawn. onSelect(nodeId) is called when
 * a node is clicked.
 */
export async function drawDiagram(container, diagram, onSelect) {
  if (!window.BpmnJS) {
    throw new Error('bpmn-js is not loaded (vendor/bpmn-js/bpmn-navigated-viewer.production.min.js)');
  }
  const viewer = new window.BpmnJS({ container });
  await viewer.importXML(diagram.bpmnXml);
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const mark = (id, cls) => {
    if (registry.get(id)) canvas.addMarker(id, cls);
  };
  for (const id of diagram.executedNodes || []) mark(id, 'pf-executed');
  for (const flow of diagram.takenFlows || []) mark(flow.flowId, 'pf-taken');
  for (const node of diagram.currentNodes || []) mark(node.nodeId, 'pf-current');
  for (const id of returnedNodes(diagram)) mark(id, 'pf-returned');
  canvas.zoom('fit-viewport', 'auto');
  if (onSelect) {
    viewer.get('eventBus').on('element.click', e => {
      const el = e.element;
      if (el && el.type !== 'bpmn:Process' && el.type !== 'bpmn:SequenceFlow' && el.type !== 'label') onSelect(el.id);
    });
  }
  return viewer;
}
