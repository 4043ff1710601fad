// Small DOM helpers: elements from tag, attributes and children; text always as text (never as HTML).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** A table with a caption, a header row of labels, and body rows. */
export function table(id, caption, labels, rows) {
  return h('table', { id, class: 'pf-table' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, labels.map(l => h('th', { scope: 'col' }, l)))),
    h('tbody', {}, rows));
}
