/*
 * voicelog pages: the self-contained report and the live dashboard are this one script.
 *
 * Safety rule: every string that comes from a log is data. The DOM is built with createElement and
 * textContent only (see el() and svg()); nothing here assigns HTML from data.
 *
 * Data comes from a source: the report embeds its JSON in <script type="application/json"> blocks; the
 * dashboard serves the same shapes under api/ and pushes changed rows over server-sent events.
 * Every number shown was computed by the analysis (dev.voicelog.analysis); this script only formats,
 * sorts, filters and draws.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- DOM helpers (text only)

  function el(tag, props) {
    const e = document.createElement(tag);
    if (props) {
      for (const k of Object.keys(props)) {
        const v = props[k];
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = String(v);
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (let i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }

  function add(parent, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) { child.forEach(c => add(parent, c)); return; }
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  const SVGNS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    if (attrs) for (const k of Object.keys(attrs)) {
      if (k === 'text') e.textContent = String(attrs[k]);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, String(attrs[k]));
    }
    for (let i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  // ---------------------------------------------------------------- formatting

  const METRICS = [
    ['voice_to_voice', 'Voice → voice', 'The silence the user hears: end of user speech to agent playback start'],
    ['response_time', 'Response time', 'End of user speech to TTS start'],
    ['llm_ttft', 'LLM time to first token', 'LLM request to first token'],
    ['ttfa', 'TTS time to first audio', 'TTS start to first audio'],
    ['stt_latency', 'STT latency', 'STT start to transcript complete'],
    ['transcription_delay', 'Transcription delay', 'End of user speech to transcript complete'],
    ['eou_delay', 'End-of-utterance delay', 'End of user speech to turn end detected'],
    ['think_time', 'Think time', 'Transcript complete to TTS start: LLM and tools'],
    ['tool_time', 'Tool time', 'Tool calls that start and end in the turn'],
    ['playback_duration', 'Playback', 'Agent playback start to end or interruption'],
    ['recording_duration', 'Recording', 'Recording start to end'],
    ['user_speech', 'User speech', 'User speech start to end']
  ];
  const METRIC = {};
  METRICS.forEach(m => { METRIC[m[0]] = { label: m[1], desc: m[2] }; });
  const LATENCY_OK = 1.0;    // seconds of voice-to-voice that feel like a conversation
  const LATENCY_SLOW = 2.0;  // and beyond which callers talk over the agent

  const MILESTONE = {
    USER_SPEECH_END: 'user stopped', RECORDING_END: 'recording ended', STT_COMPLETE: 'transcript',
    LLM_REQUEST: 'LLM request', LLM_FIRST_TOKEN: 'first token', TTS_START: 'TTS start',
    TTS_FIRST_AUDIO: 'first audio', TTS_PLAYBACK_START: 'playback'
  };
  const SEGMENT_COLOR = {
    STT_COMPLETE: '#7c3aed', LLM_REQUEST: '#94a3b8', LLM_FIRST_TOKEN: '#d97706', TTS_START: '#f59e0b',
    TTS_FIRST_AUDIO: '#db2777', TTS_PLAYBACK_START: '#4f46e5'
  };

  function fmtDur(s) {
    if (s === undefined || s === null) return '—';
    if (s < 1) return Math.round(s * 1000) + ' ms';
    if (s < 10) return s.toFixed(2) + ' s';
    if (s < 120) return s.toFixed(1) + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + String(Math.round(s % 60)).padStart(2, '0') + ' s';
    return Math.floor(s / 3600) + ' h ' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + ' min';
  }

  function fmtClock(s) {
    const sign = s < 0 ? '−' : '';
    s = Math.abs(s);
    const m = Math.floor(s / 60);
    const rest = (s - m * 60).toFixed(1).padStart(4, '0');
    return sign + m + ':' + rest;
  }

  function fmtTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    const p = n => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' +
      p(d.getMinutes()) + ':' + p(d.getSeconds());
  }

  function fmtInt(n) { return Number(n).toLocaleString('en-US'); }

  function latClass(s) {
    if (s === undefined || s === null) return 'faint';
    return s < LATENCY_OK ? 'good' : s < LATENCY_SLOW ? 'warn' : 'bad';
  }

  function metricOf(row, id, which) {
    const m = row.metrics && row.metrics[id];
    return m ? m[which] : null;
  }

  function kindLabel(kind) { return kind.toLowerCase().replace(/_/g, ' '); }

  // ---------------------------------------------------------------- data sources

  const dataBlock = document.getElementById('voicelog-data');
  const params = new URLSearchParams(location.search);
  const TOKEN = params.get('token');

  // The details of every conversation: gzip, base64, inflated by the browser on first use.
  function inflateDetails() {
    const b64 = document.getElementById('voicelog-details').textContent.trim();
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  function reportSource() {
    const data = JSON.parse(dataBlock.textContent);
    let details = null;
    const index = new Map();
    data.conversations.forEach((c, i) => { if (!index.has(c.id)) index.set(c.id, i); });
    return {
      mode: 'report',
      overview: () => Promise.resolve({ mode: 'report', title: data.title, generated: data.generated, sources: data.sources }),
      conversations: () => Promise.resolve(data.conversations),
      detail: id => {
        if (!details) details = inflateDetails();
        const i = index.get(id);
        return details.then(all => i === undefined ? null : all[i]);
      },
      distributions: () => Promise.resolve(data.distributions),
      problems: () => Promise.resolve(data.problems),
      follow: () => {},
      media: url => url
    };
  }

  function liveSource() {
    const headers = TOKEN ? { 'Authorization': 'Bearer ' + TOKEN } : {};
    const withToken = url => TOKEN ? url + (url.indexOf('?') >= 0 ? '&' : '?') + 'token=' + encodeURIComponent(TOKEN) : url;
    async function get(path, allow404) {
      const r = await fetch(path, { headers: headers, cache: 'no-store' });
      if (allow404 && r.status === 404) return null;
      if (!r.ok) throw new Error(path.split('?')[0] + ' answered ' + r.status + ': ' + (await r.text()).slice(0, 200));
      return r.json();
    }
    return {
      mode: 'live',
      overview: () => get('api/overview'),
      conversations: () => get('api/conversations').then(r => r.conversations),
      detail: id => get('api/conversation?id=' + encodeURIComponent(id), true),
      distributions: () => get('api/distributions'),
      problems: () => get('api/problems'),
      follow: handlers => {
        const es = new EventSource(withToken('api/events'));
        let connectedBefore = false;
        es.addEventListener('hello', () => { handlers.status('live'); if (connectedBefore) handlers.reload(); connectedBefore = true; });
        es.addEventListener('conversation', e => handlers.row(JSON.parse(e.data)));
        es.addEventListener('removed', e => handlers.removed(JSON.parse(e.data)));
        es.addEventListener('reload', () => handlers.reload());
        es.addEventListener('problems', e => handlers.problems(JSON.parse(e.data).count));
        es.onerror = () => handlers.status('retry');
      },
      media: withToken
    };
  }

  const source = dataBlock ? reportSource() : liveSource();

  // ---------------------------------------------------------------- state

  const state = {
    overview: null,
    rows: new Map(),       // id -> summary
    view: [],              // rows after filter and sort
    sort: { key: 'start', dir: -1 },
    filter: '',
    onlyAnomalies: false,
    onlyOpen: false,
    dist: null,
    problemCount: 0,
    detail: null,
    selectedTurn: null,
    listRendered: false
  };

  // ---------------------------------------------------------------- frame

  const app = document.getElementById('app');
  const statusEl = el('span', { class: 'status' }, el('span', { class: 'dot' }), el('span', { class: 'label', text: '' }));
  const titleEl = el('span', { class: 'title' });
  const sourceEl = el('span', { class: 'source' });
  const tabList = el('a', { href: '#/' }, 'Conversations', el('span', { class: 'count', text: '0' }));
  const tabDist = el('a', { href: '#/distributions' }, 'Distributions');
  const tabProblems = el('a', { href: '#/problems' }, 'Skipped lines', el('span', { class: 'count', text: '0' }));
  const strip = el('div', { class: 'strip' });
  const main = el('main');
  clear(app);
  add(app, [
    el('header', { class: 'top' }, el('span', { class: 'brand' }, 'voice', el('span', { text: 'log' })), titleEl, sourceEl, statusEl),
    el('nav', { class: 'tabs' }, tabList, tabDist, tabProblems),
    strip,
    main
  ]);

  function setStatus(kind, text) {
    statusEl.className = 'status ' + kind;
    statusEl.lastChild.textContent = text;
  }

  function renderStrip() {
    clear(strip);
    const d = state.dist;
    const v2v = d && d.metrics.voice_to_voice;
    let anomalies = 0;
    state.rows.forEach(r => { anomalies += r.anomalies; });
    const stat = (k, v, cls) => el('div', { class: 'stat' }, el('div', { class: 'k', text: k }), el('div', { class: 'v ' + (cls || ''), text: v }));
    add(strip, [
      stat('Conversations', fmtInt(state.rows.size)),
      stat('Turns', d ? fmtInt(d.turns) : '—'),
      stat('Voice → voice p50', v2v ? fmtDur(v2v.p50) : '—', v2v ? latClass(v2v.p50) : ''),
      stat('p95', v2v ? fmtDur(v2v.p95) : '—', v2v ? latClass(v2v.p95) : ''),
      stat('p99', v2v ? fmtDur(v2v.p99) : '—', v2v ? latClass(v2v.p99) : ''),
      stat('Anomalies', fmtInt(anomalies), anomalies ? 'warn' : ''),
      stat('Skipped lines', fmtInt(state.problemCount), state.problemCount ? 'bad' : '')
    ]);
    tabList.lastChild.textContent = fmtInt(state.rows.size);
    tabProblems.lastChild.textContent = fmtInt(state.problemCount);
    tabProblems.classList.toggle('alert', state.problemCount > 0);
  }

  // ---------------------------------------------------------------- conversation list

  const COLUMNS = [
    { key: 'id', label: 'Conversation', value: r => r.id },
    { key: 'start', label: 'Started', value: r => r.start || '' },
    { key: 'duration', label: 'Duration', num: true, value: r => r.duration },
    { key: 'turns', label: 'Turns', num: true, value: r => r.turns },
    { key: 'v2v', label: 'V→V p50', num: true, value: r => metricOf(r, 'voice_to_voice', 'p50'), lat: true },
    { key: 'v2vmax', label: 'V→V worst', num: true, value: r => metricOf(r, 'voice_to_voice', 'max'), lat: true },
    { key: 'ttft', label: 'LLM TTFT p50', num: true, value: r => metricOf(r, 'llm_ttft', 'p50') },
    { key: 'ttfa', label: 'TTFA p50', num: true, value: r => metricOf(r, 'ttfa', 'p50') },
    { key: 'interruptions', label: 'Barge-ins', num: true, value: r => r.interruptions },
    { key: 'anomalies', label: 'Anomalies', value: r => r.anomalies }
  ];

  function searchText(r) {
    if (r._search === undefined) {
      const parts = [r.id, r.format, r.ended ? 'ended' : 'open'];
      for (const k of Object.keys(r.fields || {})) parts.push(k + '=' + r.fields[k], r.fields[k]);
      r.anomaly_kinds.forEach(k => parts.push(k, kindLabel(k)));
      r._search = parts.join(' ').toLowerCase();
    }
    return r._search;
  }

  function recompute() {
    const col = COLUMNS.find(c => c.key === state.sort.key) || COLUMNS[1];
    const dir = state.sort.dir;
    const words = state.filter.toLowerCase().split(/\s+/).filter(Boolean);
    const out = [];
    state.rows.forEach(r => {
      if (state.onlyAnomalies && !r.anomalies) return;
      if (state.onlyOpen && r.ended) return;
      if (words.length) {
        const s = searchText(r);
        for (const w of words) if (s.indexOf(w) < 0) return;
      }
      out.push(r);
    });
    out.sort((a, b) => {
      const x = col.value(a), y = col.value(b);
      const xn = x === null || x === undefined, yn = y === null || y === undefined;
      if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1;   // missing values last, whatever the direction
      if (x < y) return -dir;
      if (x > y) return dir;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    state.view = out;
  }

  let list = null;   // the list page's DOM, kept while the page is shown

  function buildList() {
    const filter = el('input', { type: 'search', placeholder: 'Filter: id, provider, model, anomaly…   ( / )', value: state.filter,
      'aria-label': 'Filter conversations' });
    let t = null;
    filter.addEventListener('input', () => {
      clearTimeout(t);
      t = setTimeout(() => { state.filter = filter.value; refreshList(true); }, 80);
    });
    const anomalyBox = el('input', { type: 'checkbox', checked: state.onlyAnomalies,
      onchange: e => { state.onlyAnomalies = e.target.checked; refreshList(true); } });
    const openBox = el('input', { type: 'checkbox', checked: state.onlyOpen,
      onchange: e => { state.onlyOpen = e.target.checked; refreshList(true); } });
    const shown = el('span', { class: 'shown' });
    const head = el('div', { class: 'grid thead', role: 'row' });
    COLUMNS.forEach(c => {
      add(head, el('button', { class: c.num ? 'num' : '', 'data-sort': c.key, title: 'Sort by ' + c.label, onclick: () => {
        state.sort = state.sort.key === c.key ? { key: c.key, dir: -state.sort.dir } : { key: c.key, dir: c.num || c.key === 'start' ? -1 : 1 };
        refreshList(true);
      } }, c.label));
    });
    const rows = el('div', { class: 'rows', role: 'rowgroup' });
    const scroller = el('div', { class: 'scroller' }, rows);
    scroller.addEventListener('scroll', () => requestAnimationFrame(drawRows));
    const banner = el('div');
    const empty = el('div', { class: 'empty' });
    const page = el('div', { class: 'list-page' },
      banner,
      el('div', { class: 'toolbar' }, filter,
        el('label', {}, anomalyBox, 'with anomalies'),
        el('label', {}, openBox, 'still open'),
        shown),
      el('div', { class: 'table', role: 'table', 'aria-label': 'Conversations' }, head, scroller, empty));
    list = { page, filter, shown, head, rows, scroller, banner, empty };
    return page;
  }

  function refreshList(resort) {
    if (resort) recompute();
    if (!list) return;
    list.head.querySelectorAll('button').forEach(b => {
      const on = b.getAttribute('data-sort') === state.sort.key;
      b.classList.toggle('sorted', on);
      const c = COLUMNS.find(x => x.key === b.getAttribute('data-sort'));
      b.textContent = c.label + (on ? (state.sort.dir < 0 ? ' ↓' : ' ↑') : '');
    });
    list.shown.textContent = state.view.length === state.rows.size
      ? fmtInt(state.rows.size) + ' conversations'
      : fmtInt(state.view.length) + ' of ' + fmtInt(state.rows.size) + ' conversations';
    clear(list.banner);
    if (state.problemCount > 0) {
      add(list.banner, el('div', { class: 'banner' },
        fmtInt(state.problemCount) + (state.problemCount === 1 ? ' line or file' : ' lines or files') +
        ' could not be read and ' + (state.problemCount === 1 ? 'was' : 'were') + ' skipped. ',
        el('a', { href: '#/problems', text: 'See which' })));
    }
    list.empty.textContent = state.rows.size === 0
      ? (source.mode === 'live' ? 'No conversations yet. Waiting for lines in ' + ((state.overview && state.overview.sources[0]) || 'the log directory') + '…' : 'No conversations in these logs.')
      : state.view.length === 0 ? 'No conversation matches the filter.' : '';
    list.empty.style.display = list.empty.textContent ? 'block' : 'none';
    list.rows.style.height = (state.view.length * ROW_H) + 'px';
    list.rows.setAttribute('data-rows', String(state.view.length));
    drawRows();
    if (!state.listRendered && state.rows.size > 0) {
      state.listRendered = true;
      performance.mark('voicelog:list-rendered');
      document.body.setAttribute('data-list-rendered', String(state.rows.size));
    }
  }

  const ROW_H = 48;

  function drawRows() {
    if (!list) return;
    const top = list.scroller.scrollTop;
    const height = list.scroller.clientHeight || 800;
    const first = Math.max(0, Math.floor(top / ROW_H) - 8);
    const last = Math.min(state.view.length, Math.ceil((top + height) / ROW_H) + 8);
    // A row whose conversation has not changed keeps its element (only moved), so a click that lands while
    // live updates redraw the list still reaches it: a replaced element would swallow the press or release.
    const kept = new Map();
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) {
      const r = state.view[i];
      let row = list.rowEls && list.rowEls.get(r.id);
      if (!row || row._conversation !== r) {
        row = rowElement(r);
        row._conversation = r;
      }
      row.style.top = (i * ROW_H) + 'px';
      kept.set(r.id, row);
      frag.appendChild(row);
    }
    list.rowEls = kept;
    clear(list.rows).appendChild(frag);
    list.rows.setAttribute('data-drawn', String(Number(list.rows.getAttribute('data-drawn') || 0) + 1));
  }

  function rowElement(r) {
    const open = () => { location.hash = '#/c/' + encodeURIComponent(r.id); };
    const row = el('div', { class: 'grid row', role: 'row', tabindex: '0', 'data-id': r.id,
      onclick: open, onkeydown: e => { if (e.key === 'Enter') open(); } });
    const fieldText = Object.keys(r.fields || {}).map(k => k + ': ' + r.fields[k]).join(' · ');
    add(row, el('div', {},
      el('div', { class: 'id', title: r.id }, r.ended ? null : el('span', { class: 'open-dot', title: 'still open' }), r.id),
      el('div', { class: 'fields', text: fieldText || r.format })));
    add(row, el('div', { class: 'muted', title: r.start || '', text: fmtTime(r.start) }));
    add(row, el('div', { class: 'num', text: fmtDur(r.duration) }));
    add(row, el('div', { class: 'num', text: r.turns }));
    for (const key of ['v2v', 'v2vmax', 'ttft', 'ttfa']) {
      const c = COLUMNS.find(x => x.key === key);
      const v = c.value(r);
      add(row, el('div', { class: 'num ' + (c.lat ? latClass(v) : v === null ? 'faint' : ''), text: fmtDur(v) }));
    }
    add(row, el('div', { class: 'num ' + (r.interruptions ? '' : 'faint'), text: r.interruptions }));
    const an = el('div', {});
    if (r.anomalies) {
      add(an, el('span', { class: 'chip bad', text: r.anomalies }));
      r.anomaly_kinds.slice(0, 2).forEach(k => add(an, el('span', { class: 'chip ' + anomalyClass(k), text: kindLabel(k) })));
    } else if (r.lost_events) {
      add(an, el('span', { class: 'chip warn', text: r.lost_events + ' lost' }));
    } else {
      add(an, el('span', { class: 'faint', text: '—' }));
    }
    add(row, an);
    return row;
  }

  function anomalyClass(kind) {
    return kind === 'error' || kind === 'lost_events' || kind === 'slow_turn' ? 'bad' : 'warn';
  }

  // ---------------------------------------------------------------- conversation page

  let conv = null;   // the conversation page's DOM while it is shown: { id, audio, ... }

  function showConversation(id) {
    // The head and the rest are redrawn when the conversation changes; the player is not (it may be playing).
    conv = { id: id, headBox: el('div'), audioBox: el('div'), body: el('div', { class: 'conv-body' }) };
    clear(main);
    add(main, [el('div', { class: 'crumbs' }, el('a', { href: '#/', text: '← All conversations' })), conv.headBox, conv.audioBox, conv.body]);
    add(conv.body, el('div', { class: 'card muted', text: 'Loading ' + id + '…' }));
    loadDetail(id, true);
  }

  function loadDetail(id, first) {
    source.detail(id).then(d => {
      if (!conv || conv.id !== id) return;
      if (!d) {
        clear(conv.body);
        add(conv.body, el('div', { class: 'card error', text: 'No conversation "' + id + '" in ' + (source.mode === 'live' ? 'the log directory.' : 'this report.') }));
        return;
      }
      state.detail = d;
      if (first) {
        const withWaterfall = d.turns.find(t => t.waterfall.length);
        state.selectedTurn = withWaterfall ? withWaterfall.number : d.turns.length ? d.turns[0].number : null;
        buildAudio(d);
      } else if (state.selectedTurn === null && d.turns.length) {
        state.selectedTurn = d.turns[0].number;
      }
      renderConversation(d);
    }).catch(err => {
      if (!conv || conv.id !== id) return;
      clear(conv.body);
      add(conv.body, el('div', { class: 'card error', text: 'Could not load the conversation: ' + err.message }));
    });
  }

  function buildAudio(d) {
    clear(conv.audioBox);
    conv.audio = null;
    if (!d.recording) return;
    const audio = el('audio', { controls: true, preload: 'metadata', src: source.media(d.recording.url) });
    conv.audio = audio;
    conv.recording = d.recording;
    add(conv.audioBox, el('section', { class: 'card' },
      el('h2', {}, 'Recording', el('span', { class: 'muted', text: d.recording.name + ' · left: user, right: agent · click a turn to hear it' })),
      el('div', { class: 'audio' }, audio)));
  }

  function renderConversation(d) {
    const s = d.summary;   // the conversation's row: its p50, worst and barge-ins
    clear(conv.body);
    const facts = el('dl', { class: 'facts' });
    const fact = (k, v, cls) => add(facts, el('div', {}, el('dt', { text: k }), el('dd', { class: cls || '', text: v })));
    fact('Started', fmtTime(d.start));
    fact('Duration', fmtDur(d.duration));
    fact('Turns', d.turns.length);
    fact('Voice → voice p50', fmtDur(metricOf(s, 'voice_to_voice', 'p50')), latClass(metricOf(s, 'voice_to_voice', 'p50')));
    fact('worst', fmtDur(metricOf(s, 'voice_to_voice', 'max')), latClass(metricOf(s, 'voice_to_voice', 'max')));
    fact('Barge-ins', s.interruptions);
    fact('Lost events', d.lost_events, d.lost_events ? 'bad' : '');
    fact('Format', d.format);
    const tags = el('div', {});
    Object.keys(d.fields || {}).forEach(k => add(tags, el('span', { class: 'chip info', text: k + ': ' + d.fields[k] })));
    clear(conv.headBox);
    add(conv.headBox, el('section', { class: 'card head' },
      el('h1', {}, el('span', { text: d.id }), el('span', { class: 'pill ' + (d.ended ? 'ended' : 'open'), text: d.ended ? 'ended' : 'open' })),
      facts, tags, el('div', { class: 'files', text: d.files.join(' · ') })));

    const anomalies = d.anomalies.concat([].concat.apply([], d.turns.map(t => t.anomalies)));
    if (anomalies.length) {
      const ul = el('ul', { class: 'anoms' });
      anomalies.forEach(a => add(ul, el('li', {},
        el('span', { class: 'chip ' + anomalyClass(a.kind), text: kindLabel(a.kind) }),
        a.turn ? el('a', { href: '#', text: 'turn ' + a.turn, onclick: e => { e.preventDefault(); selectTurn(a.turn, true); } }) : el('span', { class: 'muted', text: 'conversation' }),
        el('span', { class: 'msg', text: a.message }))));
      add(conv.body, el('section', { class: 'card' }, el('h2', {}, 'Anomalies', el('span', { class: 'muted', text: anomalies.length })), ul));
    }

    conv.timeline = el('div', { class: 'timeline' });
    add(conv.body, el('section', { class: 'card' },
      el('h2', {}, 'Timeline', el('span', { class: 'muted', text: 'seconds since the conversation started · click a turn' })),
      legend(), conv.timeline));
    drawTimeline(d);

    conv.turnRows = new Map();
    const tbody = el('tbody');
    d.turns.forEach(t => {
      const tr = el('tr', { 'data-turn': t.number, onclick: () => selectTurn(t.number, true) },
        el('td', { class: 'num', text: t.number }),
        el('td', { class: 'num muted', text: fmtClock(t.start) }),
        el('td', { class: 'say' }, saying(spoken(t.user))),
        el('td', { class: 'say' }, saying(spoken(t.agent))),
        el('td', { class: 'num ' + latClass(t.metrics.voice_to_voice), text: fmtDur(t.metrics.voice_to_voice) }),
        el('td', { class: 'num', text: fmtDur(t.metrics.llm_ttft) }),
        el('td', {},
          t.interrupted ? el('span', { class: 'chip warn', title: 'the user barged in', text: 'barge-in' }) : null,
          t.anomalies.length ? el('span', { class: 'chip bad', text: t.anomalies.length + ' anomal' + (t.anomalies.length === 1 ? 'y' : 'ies') }) : null));
      conv.turnRows.set(t.number, tr);
      add(tbody, tr);
    });
    const table = el('table', { class: 'turns' },
      el('thead', {}, el('tr', {}, ['#', 'at', 'User said', 'Agent said', 'V→V', 'TTFT', ''].map(h => el('th', { text: h })))),
      tbody);
    conv.turnPanel = el('section', { class: 'card turn-detail' });
    add(conv.body, el('div', { class: 'split' },
      el('section', { class: 'card' }, el('h2', {}, 'Turns', el('span', { class: 'muted', text: d.turns.length ? 'click one for its waterfall' : '' })),
        d.turns.length ? table : el('div', { class: 'empty', text: 'No turn yet.' })),
      conv.turnPanel));

    if (d.problems.length) {
      add(conv.body, problemTable('Lines of this conversation that were lost or repeated', d.problems));
    }
    selectTurn(state.selectedTurn, false);
  }

  // What one side of a turn said: its text (a string, or {redacted, length, hash?}), or null.
  function spoken(part) { return part ? part.text : null; }

  function saying(text) {
    if (text === null || text === undefined || text === '') return el('span', { class: 'faint', text: '—' });
    if (text.redacted) return el('span', { class: 'redacted', title: text.hash ? 'redacted by the logger · hash ' + text.hash : 'transcripts hidden',
      text: text.length !== undefined ? 'redacted · ' + text.length + ' chars' : 'redacted' });
    return el('span', { class: 'words', text: text });
  }

  function legend() {
    return el('div', { class: 'legend' }, [
      ['User speech', 'var(--user)'], ['STT', 'var(--stt)'], ['LLM (to first token, then to complete)', 'var(--llm)'],
      ['Tools', 'var(--tool)'], ['TTS (to first audio)', 'var(--tts)'], ['Playback', 'var(--play)'], ['Barge-in / error', 'var(--bad)']
    ].map(x => { const i = el('i'); i.style.background = x[1]; return el('span', {}, i, x[0]); }));
  }

  function selectTurn(n, seek) {
    if (!conv || !state.detail) return;
    state.selectedTurn = n;
    conv.turnRows.forEach((tr, k) => tr.classList.toggle('sel', k === n));
    if (conv.bands) conv.bands.forEach((b, k) => b.setAttribute('fill-opacity', k === n ? '0.16' : '0.0'));
    const t = state.detail.turns.find(x => x.number === n);
    renderTurn(t);
    if (seek && t && conv.audio && conv.recording) {
      const at = Math.max(0, t.start - conv.recording.start);
      conv.audio.currentTime = at;
      const p = conv.audio.play();
      if (p && p.catch) p.catch(() => {});
    }
  }

  function renderTurn(t) {
    const panel = conv.turnPanel;
    if (conv.chart) { conv.chart.destroy(); conv.chart = null; }
    clear(panel);
    if (!t) { add(panel, el('div', { class: 'empty', text: 'Pick a turn.' })); return; }
    const v2v = t.metrics.voice_to_voice;
    add(panel, el('h2', {}, 'Turn ' + t.number, el('span', { class: 'muted', text: 'at ' + fmtClock(t.start) })));
    add(panel, el('div', { class: 'total ' + latClass(v2v), text: v2v === undefined ? 'no voice → voice' : fmtDur(v2v) }));
    add(panel, el('div', { class: 'sub', text: v2v === undefined
      ? (t.user ? 'The turn lacks a milestone of voice → voice; see its anomalies.' : 'A turn without user speech (a greeting): there is no silence to measure.')
      : 'voice → voice: from the user stopping to the agent being heard' }));
    if (t.waterfall.length) {
      const canvas = el('canvas', { role: 'img', 'aria-label': 'Waterfall of turn ' + t.number });
      const box = el('div', { class: 'wf-wrap' }, canvas);
      box.style.height = (40 + 30 * (t.waterfall.length + 1)) + 'px';
      add(panel, box);
      const ol = el('ol', { class: 'wf', 'data-segments': t.waterfall.length });
      t.waterfall.forEach(s => {
        const i = el('i'); i.style.background = SEGMENT_COLOR[s.to] || '#64748b';
        add(ol, el('li', {}, i, el('span', { text: segmentLabel(s) }), el('span', { class: 'num', text: fmtDur(s.seconds) })));
      });
      add(panel, ol);
      conv.chart = waterfallChart(canvas, t);
    }
    const kv = el('div', { class: 'kv' });
    METRICS.forEach(m => {
      if (t.metrics[m[0]] !== undefined) add(kv, el('div', { title: m[2] }, el('span', { text: m[1] }), el('span', { class: 'num', text: fmtDur(t.metrics[m[0]]) })));
    });
    if (t.interrupted) add(kv, el('div', {}, el('span', { text: 'Barge-in' }), el('span', { class: 'warn', text: t.played !== null && t.played !== undefined ? 'after ' + fmtDur(t.played) + ' heard' : 'yes' })));
    add(panel, kv);
    const userSaid = spoken(t.user), agentSaid = spoken(t.agent);
    if (userSaid || agentSaid) {
      const tr = el('div', { class: 'transcript' });
      if (userSaid) add(tr, el('div', { class: 'bubble user' }, el('span', { class: 'who', text: 'user' }), saying(userSaid)));
      if (agentSaid) add(tr, el('div', { class: 'bubble agent' }, el('span', { class: 'who', text: 'agent' }), saying(agentSaid)));
      add(panel, tr);
    }
    if (t.anomalies.length) {
      const ul = el('ul', { class: 'anoms' });
      t.anomalies.forEach(a => add(ul, el('li', {}, el('span', { class: 'chip ' + anomalyClass(a.kind), text: kindLabel(a.kind) }), el('span', { class: 'msg', text: a.message }))));
      add(panel, ul);
    }
    const events = el('tbody');
    t.events.forEach(e => add(events, el('tr', {},
      el('td', { class: 'num', text: fmtClock(e.t) }), el('td', { class: 'mono', text: e.type }),
      el('td', { class: 'num faint', text: e.seq || '' }), el('td', { text: e.label || '' }))));
    add(panel, el('details', { class: 'events' }, el('summary', { text: t.events.length + ' events' }),
      el('table', { class: 'plain' }, el('thead', {}, el('tr', {}, ['t', 'event', 'seq', ''].map(h => el('th', { text: h })))), events)));
  }

  function segmentLabel(s) {
    return (MILESTONE[s.from] || s.from) + ' → ' + (MILESTONE[s.to] || s.to);
  }

  function waterfallChart(canvas, t) {
    if (typeof Chart === 'undefined') return null;
    let at = 0;
    const bars = t.waterfall.map(s => { const b = [at * 1000, (at + s.seconds) * 1000]; at += s.seconds; return b; });
    const total = t.metrics.voice_to_voice;
    bars.push([0, total * 1000]);
    const labels = t.waterfall.map(segmentLabel).concat(['voice → voice']);
    const colors = t.waterfall.map(s => SEGMENT_COLOR[s.to] || '#64748b').concat(['#111827']);
    const valueLabels = {
      id: 'valueLabels',
      afterDatasetsDraw(chart) {
        const ctx = chart.ctx;
        const meta = chart.getDatasetMeta(0);
        ctx.save();
        ctx.font = '600 11px system-ui, sans-serif';
        ctx.fillStyle = '#1b2230';
        ctx.textBaseline = 'middle';
        meta.data.forEach((bar, i) => {
          const v = bars[i][1] - bars[i][0];
          const text = fmtDur(v / 1000);
          const w = ctx.measureText(text).width;
          const x = bar.x + 6 + w > chart.chartArea.right ? bar.base - 6 - w : bar.x + 6;
          ctx.fillText(text, x, bar.y);
        });
        ctx.restore();
      }
    };
    return new Chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: [{ data: bars, backgroundColor: colors, borderRadius: 3, borderSkipped: false, barPercentage: 0.72, categoryPercentage: 0.9 }] },
      options: {
        indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
        layout: { padding: { right: 12 } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: c => fmtDur((c.raw[1] - c.raw[0]) / 1000) } } },
        scales: {
          x: { min: 0, suggestedMax: total * 1000 * 1.12, title: { display: true, text: 'ms after the user stopped speaking', color: '#667085' }, grid: { color: '#eef0f3' } },
          y: { grid: { display: false }, ticks: { color: '#1b2230', font: { size: 12 } } }
        }
      },
      plugins: [valueLabels]
    });
  }

  // The timeline: one lane per part of the pipeline; each bar is drawn between two milestones of a turn only
  // when the analysis reported the metric between them (so it is never negative).
  const LANES = [
    ['User', 'var(--user)'], ['STT', 'var(--stt)'], ['LLM', 'var(--llm)'], ['Tools', 'var(--tool)'], ['TTS', 'var(--tts)'], ['Playback', 'var(--play)']
  ];

  function drawTimeline(d) {
    const box = conv.timeline;
    clear(box);
    if (!d.turns.length) { add(box, el('div', { class: 'empty', text: 'No turn yet.' })); return; }
    const W = Math.max(640, box.clientWidth || 1000);
    const LEFT = 78, RIGHT = 16, TOP = 22, LANE = 24, AXIS = 24;
    const H = TOP + LANE * LANES.length + AXIS;
    let t0 = 0, t1 = 0;
    d.turns.forEach(t => {
      t0 = Math.min(t0, t.start);
      t.events.forEach(e => { t0 = Math.min(t0, e.t); t1 = Math.max(t1, e.t); });
    });
    t1 = Math.max(t1, t0 + d.duration, t0 + 1);
    const span = t1 - t0;
    const x = t => LEFT + (t - t0) / span * (W - LEFT - RIGHT);
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-label': 'Timeline of the conversation' });
    conv.bands = new Map();
    d.turns.forEach((t, i) => {
      const next = d.turns[i + 1];
      const a = x(t.start), b = next ? x(next.start) : x(t1);
      const band = svg('rect', { class: 'band', x: a, y: TOP - 4, width: Math.max(1, b - a), height: LANE * LANES.length + 4,
        fill: '#4338ca', 'fill-opacity': '0', stroke: '#e2e5ea', 'stroke-width': 1, onclick: () => selectTurn(t.number, true) },
        svg('title', { text: 'Turn ' + t.number + (t.metrics.voice_to_voice !== undefined ? ' · voice → voice ' + fmtDur(t.metrics.voice_to_voice) : '') }));
      conv.bands.set(t.number, band);
      add(root, band);
      if (b - a > 18) add(root, svg('text', { x: a + 4, y: TOP - 8, text: 'T' + t.number }));
    });
    LANES.forEach((l, i) => {
      const y = TOP + i * LANE;
      add(root, svg('text', { class: 'lane', x: 8, y: y + 15, text: l[0] }));
      add(root, svg('line', { x1: LEFT, x2: W - RIGHT, y1: y + LANE - 0.5, y2: y + LANE - 0.5, stroke: '#f0f1f4' }));
    });
    const bar = (lane, from, seconds, color, title, opacity) => {
      const y = TOP + lane * LANE + 5;
      add(root, svg('rect', { x: x(from), y: y, width: Math.max(2, x(from + seconds) - x(from)), height: LANE - 10, rx: 3,
        fill: color, 'fill-opacity': opacity || 0.9, 'pointer-events': 'none' }, svg('title', { text: title })));
    };
    const mark = (lane, at, color, title, shape) => {
      const cx = x(at), cy = TOP + lane * LANE + LANE / 2;
      const m = shape === 'x'
        ? svg('path', { d: 'M' + (cx - 4) + ' ' + (cy - 4) + 'L' + (cx + 4) + ' ' + (cy + 4) + 'M' + (cx + 4) + ' ' + (cy - 4) + 'L' + (cx - 4) + ' ' + (cy + 4), stroke: color, 'stroke-width': 2.2 })
        : svg('path', { d: 'M' + cx + ' ' + (cy - 5) + 'L' + (cx + 5) + ' ' + cy + 'L' + cx + ' ' + (cy + 5) + 'L' + (cx - 5) + ' ' + cy + 'Z', fill: color });
      add(m, svg('title', { text: title }));
      add(root, m);
    };
    d.turns.forEach(t => {
      const ms = t.milestones, m = t.metrics, T = 'Turn ' + t.number + ' · ';
      const userStart = ms.USER_SPEECH_START || ms.RECORDING_START;
      if (userStart && m.user_speech !== undefined) bar(0, userStart.t, m.user_speech, '#0284c7', T + 'user speech ' + fmtDur(m.user_speech));
      else if (ms.RECORDING_START && m.recording_duration !== undefined) bar(0, ms.RECORDING_START.t, m.recording_duration, '#0284c7', T + 'recording ' + fmtDur(m.recording_duration));
      if (ms.STT_START && m.stt_latency !== undefined) bar(1, ms.STT_START.t, m.stt_latency, '#7c3aed', T + 'STT ' + fmtDur(m.stt_latency));
      else if (ms.STT_COMPLETE) mark(1, ms.STT_COMPLETE.t, '#7c3aed', T + 'transcript complete');
      if (ms.LLM_REQUEST && ms.LLM_COMPLETE && ms.LLM_COMPLETE.t >= ms.LLM_REQUEST.t) bar(2, ms.LLM_REQUEST.t, ms.LLM_COMPLETE.t - ms.LLM_REQUEST.t, '#d97706', T + 'LLM request to complete', 0.35);
      if (ms.LLM_REQUEST && m.llm_ttft !== undefined) bar(2, ms.LLM_REQUEST.t, m.llm_ttft, '#d97706', T + 'LLM to first token ' + fmtDur(m.llm_ttft));
      else if (ms.LLM_REQUEST) mark(2, ms.LLM_REQUEST.t, '#d97706', T + 'LLM request');
      if (ms.TTS_START && m.ttfa !== undefined) bar(4, ms.TTS_START.t, m.ttfa, '#db2777', T + 'TTS to first audio ' + fmtDur(m.ttfa));
      else if (ms.TTS_START) mark(4, ms.TTS_START.t, '#db2777', T + 'TTS start');
      if (ms.TTS_PLAYBACK_START && m.playback_duration !== undefined) bar(5, ms.TTS_PLAYBACK_START.t, m.playback_duration, '#4f46e5', T + 'playback ' + fmtDur(m.playback_duration));
      else if (ms.TTS_PLAYBACK_START) mark(5, ms.TTS_PLAYBACK_START.t, '#4f46e5', T + 'playback start');
      t.events.forEach(e => {
        if (e.canonical === 'TOOL_REQUEST_START' || e.canonical === 'TOOL_REQUEST_END') {
          mark(3, e.t, '#059669', T + (e.canonical === 'TOOL_REQUEST_START' ? 'tool call ' : 'tool result ') + (e.label || ''));
        } else if (e.canonical === 'TTS_PLAYBACK_INTERRUPTED') {
          mark(5, e.t, '#b91c1c', T + 'barge-in: the user interrupted the agent', 'x');
        } else if (/ERROR$/.test(e.canonical)) {
          const lane = e.canonical === 'STT_ERROR' ? 1 : e.canonical === 'TTS_ERROR' ? 4 : 2;
          mark(lane, e.t, '#b91c1c', T + e.type + (e.label ? ': ' + e.label : ''));
        }
      });
    });
    const step = niceStep(span / 10);
    for (let s = Math.ceil(t0 / step) * step; s <= t1 + 1e-9; s += step) {
      const xx = x(s);
      add(root, svg('line', { x1: xx, x2: xx, y1: TOP + LANE * LANES.length, y2: TOP + LANE * LANES.length + 4, stroke: '#98a2b3' }));
      add(root, svg('text', { x: xx, y: H - 6, 'text-anchor': 'middle', text: step >= 60 ? fmtClock(s) : (Math.round(s * 100) / 100) + ' s' }));
    }
    add(box, root);
  }

  function niceStep(raw) {
    const p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
    for (const f of [1, 2, 5, 10]) if (f * p >= raw) return f * p;
    return 10 * p;
  }

  // ---------------------------------------------------------------- distributions page

  let distCharts = [];

  function showDistributions() {
    clear(main);
    const box = el('div', { class: 'dists' });
    add(main, box);
    distCharts.forEach(c => c.destroy());
    distCharts = [];
    const render = d => {
      clear(box);
      distCharts.forEach(c => c.destroy());
      distCharts = [];
      const ids = Object.keys(d.metrics);
      if (!ids.length) { add(box, el('div', { class: 'card empty', text: 'No turn has a metric yet.' })); return; }
      const order = METRICS.map(m => m[0]);
      ids.sort((a, b) => order.indexOf(a) - order.indexOf(b)).forEach(id => add(box, distCard(id, d.metrics[id], d.histograms[id])));
    };
    if (state.dist) render(state.dist);
    source.distributions().then(d => { state.dist = d; renderStrip(); if (route().name === 'dist') render(d); });
  }

  // One metric's card: its statistics (as `voicelog stats` writes them) and its histogram.
  function distCard(id, m, h) {
    const info = METRIC[id] || { label: id, desc: '' };
    const pct = (k, v, cls) => el('div', { class: cls || '' }, el('span', { class: 'k', text: k }), el('span', { class: 'v', text: fmtDur(v) }));
    const canvas = el('canvas', { role: 'img', 'aria-label': 'Distribution of ' + info.label });
    const card = el('section', { class: 'card dist', 'data-metric': id },
      el('h3', {}, info.label, el('span', { class: 'mono', text: id })),
      el('div', { class: 'desc', text: info.desc + ' · ' + fmtInt(m.count) + ' turns' }),
      el('div', { class: 'pcts' }, pct('p50', m.p50, 'p50'), pct('p90', m.p90), pct('p95', m.p95, 'p95'), pct('p99', m.p99, 'p99'),
        pct('max', m.max), pct('mean', m.mean), pct('min', m.min)),
      el('div', { class: 'chart-box' }, canvas),
      h.above ? el('div', { class: 'tail', text: fmtInt(h.above) + ' turns above ' + fmtDur(h.above_from) + ' are not drawn (the slowest: ' + fmtDur(m.max) + ')' }) : null);
    requestAnimationFrame(() => { const c = histogramChart(canvas, m, h); if (c) distCharts.push(c); });
    return card;
  }

  function histogramChart(canvas, m, h) {
    if (typeof Chart === 'undefined') return null;
    const w = h.width * 1000;
    const points = h.counts.map((c, i) => ({ x: (i + 0.5) * w, y: c }));
    const xmax = h.counts.length * w;
    const marks = [['p50', m.p50, '#15803d'], ['p95', m.p95, '#b45309'], ['p99', m.p99, '#b91c1c']];
    const percentiles = {
      id: 'percentiles',
      afterDatasetsDraw(chart) {
        const ctx = chart.ctx, area = chart.chartArea, xs = chart.scales.x;
        ctx.save();
        ctx.font = '600 11px system-ui, sans-serif';
        marks.forEach((p, i) => {
          const px = Math.min(area.right, xs.getPixelForValue(p[1] * 1000));
          ctx.strokeStyle = p[2];
          ctx.fillStyle = p[2];
          ctx.setLineDash([4, 3]);
          ctx.lineWidth = 1.5;
          ctx.beginPath(); ctx.moveTo(px, area.top + 14 * i + 12); ctx.lineTo(px, area.bottom); ctx.stroke();
          ctx.setLineDash([]);
          const text = p[0] + ' ' + fmtDur(p[1]);
          const tw = ctx.measureText(text).width;
          ctx.fillText(text, px + 4 + tw > area.right ? px - 4 - tw : px + 4, area.top + 14 * i + 10);
        });
        ctx.restore();
      }
    };
    return new Chart(canvas, {
      type: 'bar',
      data: { datasets: [{ data: points, backgroundColor: '#6366f1', hoverBackgroundColor: '#4338ca', barPercentage: 1, categoryPercentage: 1, borderWidth: 0 }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: true,
        layout: { padding: { top: 30 } },
        plugins: { legend: { display: false }, tooltip: { callbacks: {
          title: items => fmtDur((items[0].raw.x - w / 2) / 1000) + ' – ' + fmtDur((items[0].raw.x + w / 2) / 1000),
          label: c => fmtInt(c.raw.y) + ' turns' } } },
        scales: {
          x: { type: 'linear', min: 0, max: xmax, ticks: { callback: v => fmtInt(Math.round(v)) }, title: { display: true, text: 'ms', color: '#667085' }, grid: { color: '#f0f1f4' } },
          y: { beginAtZero: true, title: { display: true, text: 'turns', color: '#667085' }, ticks: { precision: 0 }, grid: { color: '#f0f1f4' } }
        }
      },
      plugins: [percentiles]
    });
  }

  // ---------------------------------------------------------------- problems page

  function showProblems() {
    clear(main);
    const box = el('div');
    add(main, box);
    add(box, el('div', { class: 'card muted', text: 'Loading…' }));
    source.problems().then(p => {
      if (route().name !== 'problems') return;
      clear(box);
      if (!p.count) { add(box, el('div', { class: 'card empty', text: 'Every line was read. Nothing was skipped.' })); return; }
      const kinds = el('div', { class: 'kinds' });
      Object.keys(p.kinds).forEach(k => add(kinds, el('span', { class: 'chip ' + (isBadProblem(k) ? 'bad' : 'warn'), text: kindLabel(k) + ' · ' + fmtInt(p.kinds[k]) })));
      const card = problemTable(fmtInt(p.count) + ' problems with the input' + (p.items.length < p.count ? ' (the first ' + fmtInt(p.items.length) + ' listed)' : ''), p.items);
      card.insertBefore(kinds, card.children[1]);
      add(box, card);
    }).catch(err => { clear(box); add(box, el('div', { class: 'card error', text: 'Could not load the problems: ' + err.message })); });
  }

  // Lines lost to the reader (as opposed to events the writer says it lost, or repeated).
  function isBadProblem(kind) { return kind === 'malformed' || kind === 'unreadable' || kind === 'torn_last_line'; }

  function problemTable(title, items) {
    const tbody = el('tbody');
    items.forEach(p => add(tbody, el('tr', {},
      el('td', { class: 'file', text: p.file }), el('td', { class: 'num', text: p.line || '' }),
      el('td', {}, el('span', { class: 'chip ' + (isBadProblem(p.kind) ? 'bad' : 'warn'), text: kindLabel(p.kind) })),
      el('td', {}, el('div', { class: 'mono', text: p.message }),
        p.text !== undefined ? el('div', { class: 'line-text', title: 'the line as it is in the file', text: p.text || '(empty)' }) : null))));
    return el('section', { class: 'card problems' }, el('h2', { text: title }),
      el('table', { class: 'plain' }, el('thead', {}, el('tr', {}, ['file', 'line', 'kind', 'what'].map(h => el('th', { text: h })))), tbody));
  }

  // ---------------------------------------------------------------- routing

  function route() {
    const h = location.hash || '#/';
    if (h.indexOf('#/c/') === 0) {
      let id;
      try { id = decodeURIComponent(h.slice(4)); } catch (e) { id = h.slice(4); }
      return { name: 'conv', id: id };
    }
    if (h === '#/distributions') return { name: 'dist' };
    if (h === '#/problems') return { name: 'problems' };
    return { name: 'list' };
  }

  function show() {
    const r = route();
    [tabList, tabDist, tabProblems].forEach(t => t.classList.remove('on'));
    app.classList.remove('fixed');
    if (conv && conv.chart) conv.chart.destroy();
    conv = null;
    list = null;
    if (r.name === 'conv') {
      tabList.classList.add('on');
      document.title = r.id + ' · voicelog';
      showConversation(r.id);
    } else if (r.name === 'dist') {
      tabDist.classList.add('on');
      document.title = 'Distributions · voicelog';
      showDistributions();
    } else if (r.name === 'problems') {
      tabProblems.classList.add('on');
      document.title = 'Skipped lines · voicelog';
      showProblems();
    } else {
      tabList.classList.add('on');
      app.classList.add('fixed');
      document.title = ((state.overview && state.overview.title) || 'voicelog');
      clear(main);
      add(main, buildList());
      refreshList(true);
    }
  }

  window.addEventListener('hashchange', show);
  document.addEventListener('keydown', e => {
    if (e.key === '/' && list && document.activeElement !== list.filter) { e.preventDefault(); list.filter.focus(); }
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (conv && state.detail && conv.timeline) { drawTimeline(state.detail); selectTurn(state.selectedTurn, false); } if (list) drawRows(); }, 120);
  });

  // ---------------------------------------------------------------- live updates

  let listTimer = null, statsTimer = null, detailTimer = null;

  function scheduleList() {
    if (listTimer) return;
    listTimer = setTimeout(() => { listTimer = null; recompute(); if (list) refreshList(false); renderStrip(); }, 120);
  }

  function scheduleStats() {
    if (statsTimer) return;
    statsTimer = setTimeout(() => {
      statsTimer = null;
      source.distributions().then(d => { state.dist = d; renderStrip(); });
    }, 1500);
  }

  function scheduleDetail(id) {
    if (detailTimer) return;
    detailTimer = setTimeout(() => { detailTimer = null; if (conv && conv.id === id) loadDetail(id, false); }, 250);
  }

  function loadRows() {
    return source.conversations().then(rows => {
      performance.mark('voicelog:rows-loaded');
      state.rows = new Map();
      rows.forEach(r => { if (!state.rows.has(r.id)) state.rows.set(r.id, r); });
    });
  }

  // ---------------------------------------------------------------- start

  function start() {
    setStatus('', source.mode === 'live' ? 'connecting…' : '');
    Promise.all([source.overview(), loadRows()]).then(res => {
      const o = res[0];
      state.overview = o;
      titleEl.textContent = o.title;
      sourceEl.textContent = (o.sources || []).join(' · ');
      sourceEl.title = sourceEl.textContent;
      if (o.mode === 'report') setStatus('', 'report of ' + fmtTime(o.generated));
      state.problemCount = o.problems !== undefined ? o.problems : 0;
      show();
      renderStrip();
      source.problems().then(p => { state.problemCount = p.count; renderStrip(); if (list) refreshList(false); });
      source.distributions().then(d => { state.dist = d; renderStrip(); });
      source.follow({
        status: s => setStatus(s, s === 'live' ? 'live' : 'reconnecting…'),
        row: r => {
          state.rows.set(r.id, r);
          scheduleList();
          scheduleStats();
          if (conv && conv.id === r.id) scheduleDetail(r.id);
        },
        removed: id => { state.rows.delete(id); scheduleList(); },
        reload: () => loadRows().then(() => { scheduleList(); scheduleStats(); if (conv) scheduleDetail(conv.id); }),
        problems: n => {
          state.problemCount = n;
          renderStrip();
          if (list) refreshList(false);
          if (route().name === 'problems') showProblems();
        }
      });
    }).catch(err => {
      clear(main);
      add(main, el('div', { class: 'card error', text: 'Could not load the conversations: ' + err.message }));
    });
  }

  start();
})();
