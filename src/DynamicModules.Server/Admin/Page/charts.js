// Charts of the admin dashboard, drawn as SVG by this file alone: no chart library, no CDN, nothing the page's CSP
// would have to allow. Colours come from classes in admin.css (inline style attributes are blocked by the CSP).
//
// Every chart is an image with a name and a description (role="img", <title>, <desc>) that says what it shows in words,
// and comes with the same numbers as a table (dataTable), so nothing is only visible as a shape or a colour.
'use strict';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  let counter = 0;

  /** Creates an SVG element with attributes; children: nodes or strings. */
  function s(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** The next id for a chart's title and description. */
  function nextId(prefix) {
    counter += 1;
    return `${prefix}-${counter}`;
  }

  /** A round upper bound for an axis that holds `max`: 1, 2 or 5 times a power of ten. */
  function niceMax(max) {
    if (!(max > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(max));
    for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
    return 10 * power;
  }

  /** An image SVG with its accessible name and description. */
  function frame(width, height, title, description, className) {
    const titleId = nextId('chart-title');
    const descId = nextId('chart-desc');
    return s('svg', {
      class: className ? `chart ${className}` : 'chart',
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      focusable: 'false',
    }, s('title', { id: titleId }, title), s('desc', { id: descId }, description));
  }

  /**
   * Vertical bars, one per category, stacked by series.
   * options: {title, description, categories: [label], series: [{label, className, values: [number]}], tickEvery, tickLabel(i)}
   */
  function stackedBars(options) {
    const width = 720;
    const height = 240;
    const margin = { top: 12, right: 12, bottom: 30, left: 44 };
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const n = options.categories.length;
    const totals = options.categories.map((_, i) => options.series.reduce((sum, series) => sum + series.values[i], 0));
    const top = niceMax(Math.max(0, ...totals));
    const svg = frame(width, height, options.title, options.description, 'stacked');
    const y = (value) => margin.top + plotHeight - (value / top) * plotHeight;

    for (let tick = 0; tick <= 4; tick += 1) {
      const value = (top / 4) * tick;
      const at = y(value);
      svg.append(s('line', { class: tick === 0 ? 'axis' : 'grid', x1: margin.left, x2: width - margin.right, y1: at, y2: at }));
      svg.append(s('text', { x: margin.left - 6, y: at + 4, 'text-anchor': 'end' }, Number.isInteger(value) ? value : value.toFixed(1)));
    }

    const slot = plotWidth / Math.max(1, n);
    const barWidth = Math.max(1, slot * 0.8);
    options.categories.forEach((category, i) => {
      const x = margin.left + i * slot + (slot - barWidth) / 2;
      let base = 0;
      for (const series of options.series) {
        const value = series.values[i];
        if (value > 0) {
          svg.append(s('rect', {
            class: series.className, x: x.toFixed(2), width: barWidth.toFixed(2),
            y: y(base + value).toFixed(2), height: (y(base) - y(base + value)).toFixed(2),
          }, s('title', {}, `${category}: ${value} ${series.label}`)));
          base += value;
        }
      }
      if (i % options.tickEvery === 0) {
        svg.append(s('text', { x: (margin.left + i * slot + slot / 2).toFixed(2), y: height - 10, 'text-anchor': 'middle' }, options.tickLabel(i)));
      }
    });
    return svg;
  }

  /**
   * Horizontal bars, one per item, each against the largest value or its own maximum.
   * options: {title, description, items: [{label, value, max?, className, valueText}]}
   */
  function horizontalBars(options) {
    const width = options.width || 560;
    const row = 26;
    const labelWidth = options.labelWidth || 200;
    const valueWidth = 100;
    const height = Math.max(1, options.items.length) * row + 8;
    const barSpace = width - labelWidth - valueWidth - 16;
    const largest = Math.max(1, ...options.items.map((item) => item.max ?? item.value));
    const svg = frame(width, height, options.title, options.description, 'bars');
    // Drawn at its own size (shrunk, never stretched, by CSS), so its text stays the page's size.
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    const maxLabel = Math.floor(labelWidth / 7);
    options.items.forEach((item, i) => {
      const top = 4 + i * row;
      const scale = item.max !== undefined ? item.max : largest;
      const share = scale > 0 ? Math.min(1, item.value / scale) : 1;
      const label = item.label.length > maxLabel ? `${item.label.slice(0, maxLabel - 1)}…` : item.label;
      svg.append(s('text', { x: labelWidth - 8, y: top + 16, 'text-anchor': 'end' }, s('title', {}, item.label), label));
      if (item.max !== undefined) svg.append(s('rect', { class: 'series-rest', x: labelWidth, y: top + 4, width: barSpace, height: row - 10, rx: 3 }));
      svg.append(s('rect', { class: item.className, x: labelWidth, y: top + 4, width: Math.max(item.value > 0 ? 2 : 0, share * barSpace).toFixed(2), height: row - 10, rx: 3 }));
      svg.append(s('text', { x: labelWidth + barSpace + 8, y: top + 16 }, item.valueText));
    });
    return svg;
  }

  /** The colour key of a chart's series, as a list (the colours are also named in the table). */
  function legend(series) {
    const list = document.createElement('ul');
    list.className = 'legend';
    for (const item of series) {
      const entry = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `swatch ${item.className}`;
      swatch.setAttribute('aria-hidden', 'true');
      entry.append(swatch, item.label);
      list.append(entry);
    }
    return list;
  }

  /**
   * A chart's numbers as a table inside a disclosure: {summary, caption, columns: [name], rows: [[cell]], numeric: [bool]}.
   * The scrolling box can take focus, so a keyboard user can scroll a long table.
   */
  function dataTable(options) {
    const details = document.createElement('details');
    details.className = 'chart-data';
    const summary = document.createElement('summary');
    summary.textContent = options.summary;
    const box = document.createElement('div');
    box.className = 'chart-data-scroll';
    box.setAttribute('tabindex', '0');
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', options.caption);
    const table = document.createElement('table');
    const caption = document.createElement('caption');
    caption.className = 'muted';
    caption.textContent = options.caption;
    const head = document.createElement('thead');
    const headRow = document.createElement('tr');
    options.columns.forEach((column, i) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = column;
      if (options.numeric && options.numeric[i]) th.className = 'number';
      headRow.append(th);
    });
    head.append(headRow);
    const body = document.createElement('tbody');
    for (const cells of options.rows) {
      const tr = document.createElement('tr');
      cells.forEach((cell, i) => {
        const td = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) td.scope = 'row';
        td.textContent = String(cell);
        if (options.numeric && options.numeric[i]) td.className = 'number';
        tr.append(td);
      });
      body.append(tr);
    }
    table.append(caption, head, body);
    box.append(table);
    details.append(summary, box);
    return details;
  }

  window.DynamicModulesCharts = Object.freeze({ stackedBars, horizontalBars, legend, dataTable, niceMax });
})();
