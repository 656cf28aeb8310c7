// depeche serve: the page. Plain JS, no library. Its state is the URL (/?q=...&since=...,
// /?article=ID&q=...): every view is a plain page load, so links can be shared and Back and
// Forward work. Everything from the index is data: it enters the page through textContent
// and DOM nodes only, never as markup.
'use strict';
(function () {
  const main = document.getElementById('main');
  const form = document.getElementById('search');
  const params = new URLSearchParams(location.search);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const state = {
    q: params.get('q') || '',
    since: params.get('since') || '',
    until: params.get('until') || '',
    sort: params.get('sort') || 'relevance',
    offset: Math.max(0, parseInt(params.get('offset') || '0', 10) || 0),
    limit: Math.min(100, Math.max(1, parseInt(params.get('limit') || '10', 10) || 10)),
    exact: params.get('exact') || '',
    article: params.get('article') || '',
  };

  // An element with attributes and children (strings become text nodes).
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }

  // `text` with the byte ranges [[begin, end], ...] (UTF-8 offsets, as the API gives them)
  // wrapped in <mark>.
  function marked(text, ranges) {
    const fragment = document.createDocumentFragment();
    if (!ranges || ranges.length === 0) {
      fragment.append(text);
      return fragment;
    }
    const bytes = encoder.encode(text);
    let at = 0;
    for (const [begin, end] of ranges) {
      if (begin < at || end > bytes.length || end <= begin) continue;
      if (begin > at) fragment.append(decoder.decode(bytes.subarray(at, begin)));
      fragment.append(el('mark', {}, decoder.decode(bytes.subarray(begin, end))));
      at = end;
    }
    if (at < bytes.length) fragment.append(decoder.decode(bytes.subarray(at)));
    return fragment;
  }

  // The page's URL for `changes` applied to the current search (empty values left out).
  function pageUrl(changes) {
    const next = Object.assign({}, state, { article: '' }, changes);
    const out = new URLSearchParams();
    for (const name of ['article', 'q', 'since', 'until', 'sort', 'offset', 'limit', 'exact']) {
      const value = next[name];
      if (value === '' || value === undefined || value === null) continue;
      if (name === 'sort' && value === 'relevance') continue;
      if (name === 'offset' && Number(value) === 0) continue;
      if (name === 'limit' && Number(value) === 10) continue;
      out.set(name, value);
    }
    const query = out.toString();
    return query ? '/?' + query : '/';
  }

  async function fetchJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch (error) {
      body = null;
    }
    if (!response.ok) {
      throw new Error(body && body.error ? body.error : 'the server answered ' + response.status);
    }
    return body;
  }

  function showError(error) {
    main.replaceChildren(el('p', { class: 'error', role: 'alert' }, String(error.message || error)));
    main.removeAttribute('aria-busy');
  }

  function plural(count, one, many) {
    return count.toLocaleString('en') + ' ' + (count === 1 ? one : many);
  }

  function dateText(date) { return date || 'undated'; }

  // ---- the search form: its fields hold the URL's state; submitting loads the new URL.
  form.elements.q.value = state.q;
  form.elements.since.value = state.since;
  form.elements.until.value = state.until;
  form.elements.sort.value = ['relevance', 'newest', 'oldest'].includes(state.sort) ? state.sort : 'relevance';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign(pageUrl({
      q: form.elements.q.value.trim(),
      since: form.elements.since.value.trim(),
      until: form.elements.until.value.trim(),
      sort: form.elements.sort.value,
      offset: 0,
    }));
  });

  // ---- the timeline: one bar a month; a bar is a link to the search within that month.
  function timelineSection(months) {
    const section = el('section', { class: 'timeline', 'aria-labelledby': 'timeline-title' },
      el('h2', { class: 'small', id: 'timeline-title' }, 'Matching articles per month (choose a month to see only it)'));
    const width = 800;
    const chartHeight = 96;
    const height = chartHeight + 2;
    const most = Math.max(1, ...months.map((month) => month.count));
    const step = width / months.length;
    const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none',
      role: 'list', 'aria-label': 'timeline' });
    months.forEach((month, position) => {
      const x = position * step;
      const barHeight = month.count === 0 ? 0 : Math.max(2, (month.count / most) * chartHeight);
      const label = `${month.month}: ${plural(month.count, 'article', 'articles')}`;
      const link = svg('a', { href: pageUrl({ since: month.month, until: month.month, offset: 0 }),
        role: 'listitem', 'aria-label': label, class: 'month', 'data-month': month.month });
      const tip = svg('title', {});
      tip.textContent = label;
      link.append(tip);
      link.append(svg('rect', { class: 'hit', x: x, y: 0, width: step, height: chartHeight }));
      const chosen = state.since === month.month && state.until === month.month;
      link.append(svg('rect', { class: chosen ? 'bar chosen' : 'bar', x: x + step * 0.1, y: chartHeight - barHeight,
        width: Math.max(1, step * 0.8), height: barHeight }));
      chart.append(link);
    });
    section.append(chart);
    // The first and last months under the chart, as HTML (SVG text would stretch with it).
    section.append(el('div', { class: 'chart-axis', 'aria-hidden': 'true' },
      el('span', {}, months[0].month), el('span', {}, months[months.length - 1].month)));
    return section;
  }

  // ---- the names facet: each name narrows the query to the articles naming it.
  function namesSection(names) {
    const list = el('ul', { class: 'names' });
    for (const entry of names) {
      const name = String(entry.name).replace(/"/g, '');
      const button = el('button', { type: 'button', 'data-name': name }, `${name} (${entry.count})`);
      button.addEventListener('click', () => {
        location.assign(pageUrl({ q: `${state.q} name:"${name}"`, offset: 0 }));
      });
      list.append(el('li', {}, button));
    }
    return el('section', { class: 'names', 'aria-labelledby': 'names-title' },
      el('h2', { class: 'small', id: 'names-title' }, 'Names in these articles'), list);
  }

  function hitItem(hit) {
    const title = hit.title ? marked(hit.title, hit.title_highlights) : hit.id;
    const meta = el('div', { class: 'meta' },
      el('span', { class: 'date' }, dateText(hit.date)),
      el('code', { class: 'id' }, hit.id),
      hit.reposts > 0 ? el('span', { class: 'badge' }, plural(hit.reposts, 'other version', 'other versions')) : null,
      hit.all_words ? null : el('span', {}, 'some of the words'));
    const snippet = el('p', { class: 'snippet' },
      hit.snippet_cut_before ? '… ' : null, marked(hit.snippet_text || '', hit.highlights),
      hit.snippet_cut_after ? ' …' : null);
    return el('li', { class: 'hit' },
      el('h2', {}, el('a', { href: pageUrl({ article: hit.id }) }, title)), meta, snippet);
  }

  async function showSearch() {
    document.title = `${state.q} – depeche`;
    main.setAttribute('aria-busy', 'true');
    const api = new URLSearchParams({ q: state.q, offset: state.offset, limit: state.limit,
      sort: state.sort, timeline: '1', facets: '1' });
    if (state.since) api.set('since', state.since);
    if (state.until) api.set('until', state.until);
    if (state.exact) api.set('exact', state.exact);
    const data = await fetchJson('/api/search?' + api.toString());
    const parts = [];
    parts.push(el('p', { class: 'summary', role: 'status' },
      data.total_estimate === 0
        ? `No article matches ${data.query}.`
        : `${plural(data.total_estimate, 'article matches', 'articles match')} ${data.query}` +
          (state.since || state.until ? ` (dated ${state.since || '…'} to ${state.until || '…'})` : '') + '.'));
    // Cut by the server's time limit: the page of results is whole, the counts are not.
    if (data.timed_out === true) {
      const limit = Number(data.time_limit_ms);
      parts.push(el('p', { class: 'notice timed-out', role: 'status' },
        'The search ran past its time limit' +
        (Number.isFinite(limit) ? ` (${limit.toLocaleString('en')} ms)` : '') +
        ': the counts, the timeline, the names and the snippets below are partial.'));
    }
    if (data.suggestion) {
      parts.push(el('p', { class: 'notice suggestion' }, 'Did you mean ',
        el('a', { href: pageUrl({ q: data.suggestion, offset: 0 }) }, data.suggestion), '?'));
    }
    if (data.also_searched && data.also_searched.length > 0) {
      const list = data.also_searched.map((variant) => `${variant.variant} (for ${variant.typed})`).join(', ');
      parts.push(el('p', { class: 'notice also-searched' }, 'Also searched: ' + list));
    }
    if (data.timeline && data.timeline.length > 0) parts.push(timelineSection(data.timeline));
    if (data.facets && Array.isArray(data.facets.names) && data.facets.names.length > 0) {
      parts.push(namesSection(data.facets.names));
    }
    const list = el('ol', { class: 'results', start: state.offset + 1 });
    for (const hit of data.results) list.append(hitItem(hit));
    parts.push(list);
    const pages = el('nav', { class: 'pages', 'aria-label': 'pages of results' });
    if (state.offset > 0) {
      pages.append(el('a', { href: pageUrl({ offset: Math.max(0, state.offset - state.limit) }), rel: 'prev' },
        '← Previous'));
    } else {
      pages.append(el('span'));
    }
    if (data.results.length === state.limit && state.offset + state.limit < data.total_estimate) {
      pages.append(el('a', { href: pageUrl({ offset: state.offset + state.limit }), rel: 'next' }, 'Next →'));
    }
    parts.push(pages);
    main.replaceChildren(...parts);
    main.removeAttribute('aria-busy');
  }

  function articleLink(version) {
    return el('a', { href: pageUrl({ article: version.id }) }, version.title || version.id);
  }

  function diffView(diff) {
    const box = el('div', { class: 'diff', 'aria-label': 'changes' });
    box.append(el('p', { class: 'meta' },
      `${plural(diff.words_added, 'word', 'words')} added, ${plural(diff.words_removed, 'word', 'words')} removed, from ${diff.from} to ${diff.to}`));
    for (const piece of diff.text) {
      box.append(piece.op === 'added' ? el('ins', {}, piece.text)
        : piece.op === 'removed' ? el('del', {}, piece.text) : document.createTextNode(piece.text));
    }
    return box;
  }

  async function showArticle() {
    main.setAttribute('aria-busy', 'true');
    const path = '/api/article/' + encodeURIComponent(state.article) +
      (state.q ? '?' + new URLSearchParams({ q: state.q }).toString() : '');
    const article = await fetchJson(path);
    document.title = `${article.title || article.id} – depeche`;
    const view = el('article', { class: 'article' });
    if (state.q) {
      view.append(el('p', {}, el('a', { href: pageUrl({}), class: 'back' }, '← Back to the results')));
    }
    view.append(el('h1', {}, article.title ? marked(article.title, article.title_highlights) : article.id));
    view.append(el('p', { class: 'meta' }, el('span', { class: 'date' }, dateText(article.date)),
      el('code', { class: 'id' }, article.id), el('span', {}, article.source)));
    view.append(el('div', { class: 'text' }, marked(article.text, article.highlights)));
    if (article.versions.length > 0) {
      const list = el('ul', { class: 'versions' });
      for (const version of article.versions) {
        const holder = el('div');
        const button = el('button', { type: 'button', class: 'link' }, 'what changed');
        button.addEventListener('click', async () => {
          button.disabled = true;
          try {
            // From the earlier of the two to the later (undated last, as versions are listed).
            const earlier = version.date && (!article.date || version.date < article.date);
            const [from, to] = earlier ? [version.id, article.id] : [article.id, version.id];
            const diff = await fetchJson(`/api/diff/${encodeURIComponent(from)}/${encodeURIComponent(to)}`);
            holder.replaceChildren(diffView(diff));
          } catch (error) {
            holder.replaceChildren(el('p', { class: 'error', role: 'alert' }, String(error.message)));
          }
          button.disabled = false;
        });
        list.append(el('li', {}, el('span', { class: 'date' }, dateText(version.date)), ' ',
          articleLink(version), ' · ', button, holder));
      }
      view.append(el('section', { 'aria-labelledby': 'versions-title' },
        el('h2', { id: 'versions-title' }, 'Other versions of this story'), list));
    }
    const related = el('section', { 'aria-labelledby': 'related-title' },
      el('h2', { id: 'related-title' }, 'Related articles'), el('p', { class: 'hint' }, 'Looking…'));
    view.append(related);
    main.replaceChildren(view);
    main.removeAttribute('aria-busy');
    try {
      const similar = await fetchJson('/api/similar/' + encodeURIComponent(article.id) + '?limit=5');
      const list = el('ul', { class: 'related' });
      for (const hit of similar.results) {
        list.append(el('li', {}, el('span', { class: 'date' }, dateText(hit.date)), ' ', articleLink(hit)));
      }
      related.replaceChildren(related.firstChild,
        similar.results.length > 0 ? list : el('p', { class: 'hint' }, 'No related article.'));
    } catch (error) {
      related.replaceChildren(related.firstChild, el('p', { class: 'error' }, String(error.message)));
    }
  }

  if (state.article) {
    showArticle().catch(showError);
  } else if (state.q) {
    showSearch().catch(showError);
  } else {
    form.elements.q.focus();
  }
})();
