'use strict';
// Argon dashboard. Reads the status report from /api/events (Server-Sent Events) and renders it
// in place; actions go to /api/control with the session's CSRF token. The task history panel
// searches /api/tasks on demand (never on a timer) and shows one task from /api/tasks/SEQ.
// Every string from the server is written with textContent (never innerHTML).
(() => {
  const PRIORITIES = ['max', 'high', 'normal', 'low', 'min'];
  const HISTORY_SECONDS = 300; // chart window
  const HISTORY_POINTS = 300; // at most this many points kept
  const ROW_MARGIN = 15; // rows rendered above and below the visible part of the nodes table
  const DEFAULT_ROW_H = 28;
  const STALL_MS = 6000; // no event for this long on an open stream: treat as disconnected
  const CHART_HEIGHT = 150;
  const TASK_ERROR_CHARS = 160; // of an error message shown in the tasks table (the title has all of it)

  const $ = (id) => document.getElementById(id);

  const state = {
    session: null,
    wasAuthenticated: false,
    report: null,
    rendered: false,
    es: null,
    connected: false,
    lastEventAt: 0,
    reconnectDelay: 1000,
    reconnectTimer: 0,
    checking: false,
    actionSeq: 0,
    prev: null,
    lastRate: null,
    hist: { t: [], done: [], failed: [] },
    chart: null,
    chartPending: false,
    lat: { t: [], p50: [], p99: [] }, // latency_ms of each report, for the latency chart
    latChart: null,
    nodes: [],
    filtered: [],
    filterText: '',
    rowH: 0,
    nodeRows: new Map(), // key -> row
    freeRows: [],
    windowQueued: false,
    workerRows: new Map(),
    outcomeRows: new Map(),
    managerItems: new Map(),
    queueBars: null,
    history: {
      query: null, // the search shown, which Refresh runs again
      searchSeq: 0, // the latest search sent; older answers are ignored
      detailSeq: 0, // the same for the detail
      rows: new Map(), // seq -> { task, tr } of the rows shown
      selected: null, // seq of the task in the detail
      tabStop: null, // the one row in the tab order
    },
  };

  // ---------------------------------------------------------------- helpers

  function setText(el, value) {
    const text = value == null ? '' : String(value);
    if (el.textContent !== text) el.textContent = text;
  }

  function setData(el, key, value) {
    const text = value == null ? '' : String(value);
    if (el.dataset[key] !== text) el.dataset[key] = text;
  }

  function setTitle(el, value) {
    const text = value == null ? '' : String(value);
    if (el.title !== text) el.title = text;
  }

  function make(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text != null) el.textContent = text;
    return el;
  }

  function isNum(v) {
    return typeof v === 'number' && Number.isFinite(v);
  }

  function num(v) {
    return isNum(v) ? v : 0;
  }

  function fmtInt(v) {
    return isNum(v) ? String(Math.round(v)) : '–';
  }

  function fmtMs(v) {
    if (!isNum(v)) return '–';
    if (Number.isInteger(v)) return String(v);
    if (Math.abs(v) < 10) return v.toFixed(2);
    if (Math.abs(v) < 1000) return v.toFixed(1);
    return String(Math.round(v));
  }

  // Milliseconds with one decimal ("1.9"); '–' for none.
  function fmtMs1(v) {
    return isNum(v) ? v.toFixed(1) : '–';
  }

  // The latency_ms object of a report or a node, or null.
  function latencyOf(o) {
    const l = o && o.latency_ms;
    return l && typeof l === 'object' && !Array.isArray(l) ? l : null;
  }

  function fmtRate(v) {
    if (!isNum(v)) return '–';
    if (v === 0) return '0';
    if (v < 10) return v.toFixed(2);
    if (v < 100) return v.toFixed(1);
    return String(Math.round(v));
  }

  function pad2(n) {
    return n < 10 ? '0' + n : String(n);
  }

  function fmtDuration(ms) {
    if (!isNum(ms)) return '–';
    if (ms < 0) ms = 0;
    if (ms < 1000) return Math.round(ms) + ' ms';
    const s = ms / 1000;
    if (s < 60) return s.toFixed(1) + ' s';
    const total = Math.floor(s);
    const d = Math.floor(total / 86400);
    const h = Math.floor((total % 86400) / 3600);
    const m = Math.floor((total % 3600) / 60);
    const sec = total % 60;
    if (d > 0) return `${d}d ${pad2(h)}h`;
    if (h > 0) return `${h}h ${pad2(m)}m`;
    return `${m}m ${pad2(sec)}s`;
  }

  function fmtAgo(ms) {
    return isNum(ms) ? fmtDuration(ms) + ' ago' : '–';
  }

  function sumOutcomes(tasks) {
    let done = 0;
    let failed = 0;
    if (tasks && typeof tasks === 'object') {
      for (const [kind, n] of Object.entries(tasks)) {
        if (!isNum(n) || kind === 'rejected') continue;
        done += n;
        if (kind !== 'result' && kind !== 'dropped') failed += n;
      }
    }
    return { done, failed };
  }

  // ---------------------------------------------------------------- session

  async function fetchSession() {
    const res = await fetch('/api/session', {
      cache: 'no-store',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    if (res.status === 401) return { unauthorized: true };
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return { session: await res.json() };
  }

  function mayAct() {
    return !!(state.session && state.session.may_act);
  }

  const actionControls = ['drain-all', 'undrain-all', 'reload-all', 'cancel-id', 'cancel-task'];

  function applySession(s) {
    state.session = s || {};
    const act = mayAct();
    document.body.classList.toggle('read-only', !act);
    for (const id of actionControls) {
      const el = $(id);
      el.disabled = !act;
      el.hidden = !act;
    }
    $('read-only-note').hidden = act;
    $('logout').hidden = !state.session.authenticated;
    if (state.session.role === 'node' || state.session.role === 'manager') {
      if (!document.body.dataset.role) applyRole(state.session.role);
    }
    // Per-row buttons of the rows on screen.
    for (const row of state.nodeRows.values()) setRowButtons(row);
  }

  function applyRole(role) {
    if (document.body.dataset.role === role) return;
    document.body.dataset.role = role;
    const manager = role === 'manager';
    $('manager-view').hidden = !manager;
    $('node-view').hidden = manager;
    setText($('drain-all'), manager ? 'Drain all nodes' : 'Drain');
    setText($('undrain-all'), manager ? 'Undrain all nodes' : 'Undrain');
    setText($('reload-all'), manager ? 'Reload all nodes' : 'Reload');
    $('drain-all').title = manager ? 'Stop sending tasks to every node; each finishes what it holds' : 'Take no new tasks; finish what is held';
    $('undrain-all').title = manager ? 'Send tasks to every node again' : 'Take tasks again';
    $('reload-all').title = manager ? 'Replace the workers of every node, one node at a time' : 'Replace the workers one at a time with fresh JVMs';
    if (manager) scheduleNodeWindow();
  }

  // Called after the event stream fails, or an action answers 401/403: is the session gone?
  async function checkSession() {
    if (state.checking) return;
    state.checking = true;
    try {
      const got = await fetchSession();
      if (got.unauthorized) {
        location.replace('/');
        return;
      }
      const s = got.session || {};
      if (s.login_required && !s.authenticated) {
        if (state.wasAuthenticated) {
          location.replace('/');
          return;
        }
        // Public read-only mode: reload only if the status is no longer readable without a session.
        const probe = await fetch('/api/status', { cache: 'no-store', credentials: 'same-origin' });
        if (probe.status === 401) {
          location.replace('/');
          return;
        }
      }
      applySession(s);
    } catch (e) {
      // Server unreachable: the event stream keeps retrying.
    } finally {
      state.checking = false;
    }
  }

  // ---------------------------------------------------------------- event stream

  function setConnected(connected) {
    state.connected = connected;
    $('connection').hidden = connected;
    document.body.classList.toggle('stale', !connected && state.rendered);
  }

  function connect() {
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = 0;
    if (state.es) state.es.close();
    const es = new EventSource('/api/events');
    state.es = es;
    state.lastEventAt = Date.now();
    const onData = (event) => {
      if (es !== state.es) return;
      let report;
      try {
        report = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (!report || typeof report !== 'object' || Array.isArray(report)) return;
      state.lastEventAt = Date.now();
      state.reconnectDelay = 1000;
      if (!state.connected) setConnected(true);
      render(report);
    };
    es.addEventListener('status', onData);
    es.addEventListener('message', onData); // an unnamed event, in case the server sends one
    es.addEventListener('open', () => {
      if (es !== state.es) return;
      state.lastEventAt = Date.now();
    });
    es.addEventListener('error', () => {
      if (es !== state.es) return;
      setConnected(false);
      checkSession().then(() => {
        // EventSource retries by itself after a network error, but gives up on an HTTP error.
        if (es === state.es && es.readyState === EventSource.CLOSED) scheduleReconnect();
      });
    });
  }

  function scheduleReconnect() {
    if (state.reconnectTimer) return;
    const delay = state.reconnectDelay;
    state.reconnectDelay = Math.min(state.reconnectDelay * 2, 15000);
    state.reconnectTimer = setTimeout(() => {
      state.reconnectTimer = 0;
      connect();
    }, delay);
  }

  function watchdog() {
    const es = state.es;
    if (!es) return;
    if (es.readyState === EventSource.OPEN && Date.now() - state.lastEventAt > STALL_MS) {
      // Open but silent: the stream is stuck somewhere; start a new one.
      setConnected(false);
      connect();
    } else if (es.readyState === EventSource.CLOSED && !state.reconnectTimer) {
      setConnected(false);
      scheduleReconnect();
    }
  }

  // ---------------------------------------------------------------- rendering

  function render(r) {
    state.report = r;
    const role = r.role === 'manager' ? 'manager' : 'node';
    applyRole(role);
    renderHeader(r);
    const sums = sumOutcomes(r.tasks);
    recordHistory(r, sums);
    recordLatency(r);
    renderTiles(r, sums);
    renderLatencyTiles(r);
    renderOutcomes(r.tasks);
    renderQueue(r);
    renderChart();
    renderLatencyChart();
    if (role === 'manager') {
      state.nodes = Array.isArray(r.nodes) ? r.nodes : [];
      renderNodes();
    } else {
      renderWorkers(Array.isArray(r.pool) ? r.pool : []);
      renderManagers(r.managers);
    }
    if (!state.rendered) {
      state.rendered = true;
      document.body.dataset.ready = 'true';
    }
  }

  function renderHeader(r) {
    setText($('role'), r.role || '');
    setText($('version'), r.version ? 'v' + r.version : '');
    setText($('uptime'), isNum(r.uptime_ms) ? 'up ' + fmtDuration(r.uptime_ms) : '');
    const badge = $('daemon-state');
    const st = r.draining ? 'draining' : r.reloading ? 'reloading' : 'serving';
    setText(badge, st);
    setData(badge, 'state', st);
    const title = `Argon ${r.role || ''}${st !== 'serving' ? ' (' + st + ')' : ''}`;
    if (document.title !== title) document.title = title;
  }

  function renderTiles(r, sums) {
    const tasks = r.tasks && typeof r.tasks === 'object' ? r.tasks : {};
    setText($('stat-done'), fmtInt(sums.done));
    setText($('stat-done-sub'), `dropped ${fmtInt(num(tasks.dropped))} · rejected ${fmtInt(num(tasks.rejected))}`);
    const failedEl = $('stat-failed');
    setText(failedEl, fmtInt(sums.failed));
    failedEl.classList.toggle('bad', sums.failed > 0);
    setText($('stat-failed-sub'), `timeout ${fmtInt(num(tasks.timeout))} · cancelled ${fmtInt(num(tasks.cancelled))}`);
    setText($('stat-queued'), `${fmtInt(num(r.queued))}/${fmtInt(num(r.queue_limit))}`);
    const limit = num(r.queue_limit);
    setText($('stat-queued-sub'), limit > 0 ? `${Math.round((100 * num(r.queued)) / limit)}% of the limit` : '');
    if (r.role === 'manager') {
      const nodes = Array.isArray(r.nodes) ? r.nodes : [];
      let drained = 0;
      let leaving = 0;
      let workers = 0;
      let inFlight = 0;
      let windowSum = 0;
      for (const n of nodes) {
        if (n.leaving) leaving++;
        else if (n.drained) drained++;
        workers += num(n.workers);
        inFlight += num(n.in_flight);
        windowSum += num(n.window);
      }
      setText($('stat-nodes'), String(nodes.length));
      setText($('stat-nodes-sub'), `${drained} drained · ${leaving} leaving`);
      setText($('stat-inflight'), `${inFlight}/${windowSum}`);
      setText($('stat-inflight-sub'), `${workers} workers`);
    } else {
      setText($('stat-busy'), `${fmtInt(num(r.busy))}/${fmtInt(num(r.workers))}`);
      setText($('stat-busy-sub'), `${fmtInt(num(r.idle))} idle`);
    }
    setText($('stat-rate'), state.lastRate == null ? '–' : fmtRate(state.lastRate));
  }

  function renderOutcomes(tasks) {
    const dl = $('outcomes');
    const entries = tasks && typeof tasks === 'object' ? Object.entries(tasks).filter(([, v]) => isNum(v)) : [];
    // 'result' first, 'rejected' last, the rest in report order.
    const rank = (k) => (k === 'result' ? 0 : k === 'rejected' ? 2 : 1);
    entries.sort((a, b) => rank(a[0]) - rank(b[0]));
    const seen = new Set();
    let cursor = dl.firstChild;
    for (const [kind, n] of entries) {
      seen.add(kind);
      let item = state.outcomeRows.get(kind);
      if (!item) {
        item = { dt: make('dt', null, kind), dd: make('dd') };
        item.dt.title = kind;
        setData(item.dt, 'outcome', kind);
        state.outcomeRows.set(kind, item);
      }
      setText(item.dd, fmtInt(n));
      item.dd.classList.toggle('bad', n > 0 && kind !== 'result' && kind !== 'dropped' && kind !== 'rejected');
      for (const el of [item.dt, item.dd]) {
        if (el === cursor) cursor = cursor.nextSibling;
        else dl.insertBefore(el, cursor);
      }
    }
    for (const [kind, item] of state.outcomeRows) {
      if (!seen.has(kind)) {
        item.dt.remove();
        item.dd.remove();
        state.outcomeRows.delete(kind);
      }
    }
  }

  function renderQueue(r) {
    const host = $('queue-chart');
    if (!state.queueBars) {
      state.queueBars = new Map();
      for (const p of PRIORITIES) {
        const row = make('div', 'bar-row');
        row.dataset.priority = p;
        const track = make('div', 'bar-track');
        const fill = make('div', 'bar-fill');
        track.appendChild(fill);
        const value = make('span', 'bar-value', '0');
        row.append(make('span', 'bar-label', p), track, value);
        host.appendChild(row);
        state.queueBars.set(p, { fill, value });
      }
    }
    const by = r.queued_by_priority && typeof r.queued_by_priority === 'object' ? r.queued_by_priority : {};
    let maxCount = 0;
    for (const p of PRIORITIES) maxCount = Math.max(maxCount, num(by[p]));
    const limit = num(r.queue_limit);
    const scale = Math.max(limit > 0 ? limit : maxCount, maxCount, 1);
    for (const p of PRIORITIES) {
      const bar = state.queueBars.get(p);
      const n = num(by[p]);
      setText(bar.value, fmtInt(n));
      const width = ((100 * n) / scale).toFixed(1) + '%';
      if (bar.fill.style.width !== width) bar.fill.style.width = width;
      bar.fill.classList.toggle('nonzero', n > 0);
    }
    setText($('queue-total'), `${fmtInt(num(r.queued))} of ${fmtInt(limit)}`);
  }

  // ---------------------------------------------------------------- throughput history + chart

  function recordHistory(r, sums) {
    const now = Date.now();
    const cur = { up: isNum(r.uptime_ms) ? r.uptime_ms : null, done: sums.done, failed: sums.failed, at: now };
    const prev = state.prev;
    if (!prev) {
      state.prev = cur;
      return;
    }
    // Elapsed time from the daemon's own clock when it reports one, else from ours.
    const dt = cur.up != null && prev.up != null ? (cur.up - prev.up) / 1000 : (now - prev.at) / 1000;
    const restarted = (cur.up != null && prev.up != null && cur.up < prev.up) || cur.done < prev.done || cur.failed < prev.failed;
    if (restarted) {
      // The daemon restarted (counters went back): start over from this report, leave a gap.
      state.prev = cur;
      pushPoint(now / 1000, null, null);
      state.lastRate = null;
      return;
    }
    if (!(dt > 0.2)) return; // too close to the last one (or a repeat): wait for the next
    state.prev = cur;
    const doneRate = (cur.done - prev.done) / dt;
    const failedRate = (cur.failed - prev.failed) / dt;
    state.lastRate = doneRate;
    pushPoint(now / 1000, doneRate, failedRate);
  }

  function pushPoint(t, done, failed) {
    const h = state.hist;
    keepPoint([h.t, h.done, h.failed], t, [done, failed]);
  }

  // Adds a point to a chart's history (columns[0] the times), keeping the last HISTORY_SECONDS, at most HISTORY_POINTS.
  function keepPoint(columns, t, values) {
    columns[0].push(t);
    values.forEach((v, i) => columns[i + 1].push(v));
    const oldest = t - HISTORY_SECONDS;
    let drop = 0;
    while (drop < columns[0].length && (columns[0].length - drop > HISTORY_POINTS || columns[0][drop] < oldest)) drop++;
    if (drop > 0) columns.forEach((c) => c.splice(0, drop));
  }

  function chartWidth(host) {
    return Math.max(200, Math.floor(host.clientWidth || host.getBoundingClientRect().width || 600));
  }

  // A chart of the last HISTORY_SECONDS: two series over time, drawn from columns ([times, first, second]).
  function timeChart(hostId, series, format, columns) {
    const host = $(hostId);
    if (typeof uPlot !== 'function') {
      setText(host, 'chart unavailable (uPlot not loaded)');
      return null;
    }
    const fmt = (u, v) => (v == null ? '–' : format(v));
    const clock = (t) => {
      const d = new Date(t * 1000);
      return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
    };
    const axisFont = '11px system-ui, sans-serif';
    const opts = {
      width: chartWidth(host),
      height: CHART_HEIGHT,
      padding: [6, 10, 0, 0],
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      legend: { show: true, live: true },
      scales: {
        x: {
          time: true,
          range: () => {
            const now = Date.now() / 1000;
            return [now - HISTORY_SECONDS, now];
          },
        },
        y: {
          range: (u, min, max) => [0, isNum(max) && max > 0 ? Math.max(1, max * 1.15) : 1],
        },
      },
      series: [
        { value: (u, v) => (v == null ? '–' : clock(v)) },
        ...series.map((one) => Object.assign({ width: 1.5, value: fmt, spanGaps: false, points: { show: false } }, one)),
      ],
      axes: [
        {
          stroke: '#68717c',
          font: axisFont,
          space: 70,
          size: 28,
          values: (u, splits) => splits.map(clock),
          grid: { stroke: '#eef0f2', width: 1 },
          ticks: { stroke: '#dfe2e6', width: 1 },
        },
        { stroke: '#68717c', font: axisFont, size: 46, grid: { stroke: '#eef0f2', width: 1 }, ticks: { stroke: '#dfe2e6', width: 1 } },
      ],
    };
    const chart = new uPlot(opts, columns, host);
    if (typeof ResizeObserver === 'function') {
      let lastWidth = opts.width;
      new ResizeObserver(() => {
        const w = chartWidth(host);
        if (Math.abs(w - lastWidth) >= 2) {
          lastWidth = w;
          chart.setSize({ width: w, height: CHART_HEIGHT });
        }
      }).observe(host);
    }
    return chart;
  }

  function renderChart() {
    const h = state.hist;
    state.chart = drawChart(state.chart, () => timeChart('throughput-chart', [
      { label: 'finished/s', stroke: '#1f6fd1', fill: 'rgba(31,111,209,0.10)' },
      { label: 'failed/s', stroke: '#c0262d' },
    ], fmtRate, [h.t, h.done, h.failed]), [h.t, h.done, h.failed]);
  }

  // Makes the chart on first use (null if uPlot is missing), then gives it copies of the columns:
  // uPlot keeps the arrays it is given, and ours change in place. Returns the chart.
  function drawChart(chart, make, columns) {
    const drawn = chart || make();
    if (drawn) drawn.setData(columns.map((c) => c.slice()));
    return drawn;
  }

  // ---------------------------------------------------------------- latency history + chart

  // One point per report (null p50/p99 leave a gap), kept like the throughput history.
  function recordLatency(r) {
    const l = latencyOf(r);
    const h = state.lat;
    keepPoint([h.t, h.p50, h.p99], Date.now() / 1000, [l && isNum(l.p50) ? l.p50 : null, l && isNum(l.p99) ? l.p99 : null]);
  }

  function renderLatencyTiles(r) {
    const l = latencyOf(r);
    const p50 = l ? l.p50 : null;
    const p99 = l ? l.p99 : null;
    setText($('stat-p50'), isNum(p50) ? fmtMs1(p50) + ' ms' : '–');
    setText($('stat-p99'), isNum(p99) ? fmtMs1(p99) + ' ms' : '–');
    const win = l && isNum(l.window_s) ? l.window_s : 60;
    setText($('stat-p50-sub'), l && isNum(l.tasks) ? `${fmtCount(l.tasks)} tasks, last ${fmtInt(win)} s` : `last ${fmtInt(win)} s`);
  }

  function renderLatencyChart() {
    const h = state.lat;
    state.latChart = drawChart(state.latChart, () => timeChart('latency-chart', [
      { label: 'p50 ms', stroke: '#1f6fd1', fill: 'rgba(31,111,209,0.10)' },
      { label: 'p99 ms', stroke: '#c0501f' },
    ], fmtMs1, [h.t, h.p50, h.p99]), [h.t, h.p50, h.p99]);
  }

  // ---------------------------------------------------------------- manager: nodes table (virtualised)

  function nodeState(n) {
    if (n.leaving) return 'leaving';
    if (n.drained) return 'drained';
    return 'registered';
  }

  // A table row being built: td(cls) adds a cell; stateBadge(cellCls, badgeCls) adds a cell holding a state badge.
  function rowBuilder(trCls) {
    const tr = make('tr', trCls);
    const td = (cls) => {
      const cell = make('td', cls);
      tr.appendChild(cell);
      return cell;
    };
    const stateBadge = (cellCls, badgeCls) => {
      const badge = make('span', 'state ' + badgeCls);
      td(cellCls).appendChild(badge);
      return badge;
    };
    return { tr, td, stateBadge };
  }

  function makeNodeRow() {
    const { tr, td, stateBadge } = rowBuilder('node-row');
    const row = { tr };
    row.address = td('node-address mono');
    row.state = stateBadge('node-state-cell', 'node-state');
    row.workers = td('n node-workers');
    row.inflight = td('n node-inflight');
    row.done = td('n node-done');
    row.avg = td('n node-avg');
    row.p50 = td('n node-p50');
    row.p99 = td('n node-p99');
    row.rtt = td('n node-rtt');
    row.seen = td('n node-seen');
    row.sample = td('n node-sample');
    const act = td('act');
    row.buttons = [];
    for (const [action, label] of [['drain', 'Drain'], ['undrain', 'Undrain'], ['reload', 'Reload']]) {
      const b = make('button', action, label);
      b.type = 'button';
      b.dataset.action = action;
      act.appendChild(b);
      row.buttons.push(b);
    }
    setRowButtons(row);
    return row;
  }

  function setRowButtons(row) {
    const act = mayAct();
    for (const b of row.buttons) {
      if (b.disabled === act) b.disabled = !act;
      if (b.hidden === act) b.hidden = !act;
    }
  }

  function fillNodeRow(row, n) {
    const address = n.address == null ? '' : String(n.address);
    const st = nodeState(n);
    setData(row.tr, 'node', address);
    setData(row.tr, 'state', st);
    setText(row.address, address);
    setTitle(row.address, address);
    setText(row.state, st);
    setText(row.workers, fmtInt(n.workers));
    setText(row.inflight, `${fmtInt(n.in_flight)}/${fmtInt(n.window)}`);
    setText(row.done, fmtInt(n.tasks_done));
    setText(row.avg, fmtMs(n.average_task_ms));
    const lat = latencyOf(n);
    const latTitle = lat && isNum(lat.tasks) ? `${fmtCount(lat.tasks)} tasks in the last ${fmtInt(isNum(lat.window_s) ? lat.window_s : 60)} s` : '';
    setText(row.p50, fmtMs1(lat ? lat.p50 : null));
    setText(row.p99, fmtMs1(lat ? lat.p99 : null));
    setTitle(row.p50, latTitle);
    setTitle(row.p99, latTitle);
    setText(row.rtt, fmtMs(n.round_trip_ms));
    setText(row.seen, fmtAgo(n.last_seen_ms_ago));
    row.seen.classList.toggle('stale-seen', isNum(n.last_seen_ms_ago) && n.last_seen_ms_ago > 10000);
    setText(row.sample, fmtAgo(n.last_sample_ms_ago));
  }

  function renderNodes() {
    const q = state.filterText.trim().toLowerCase();
    state.filtered = q ? state.nodes.filter((n) => String(n.address == null ? '' : n.address).toLowerCase().includes(q)) : state.nodes;
    const total = state.nodes.length;
    const shown = state.filtered.length;
    setText($('nodes-count'), q ? `(${shown} of ${total})` : `(${total})`);
    const empty = $('nodes-empty');
    empty.hidden = shown > 0;
    setText(empty, total === 0 ? 'no nodes registered' : 'no node matches the filter');
    renderNodeWindow();
  }

  function scheduleNodeWindow() {
    if (state.windowQueued) return;
    state.windowQueued = true;
    requestAnimationFrame(() => {
      state.windowQueued = false;
      renderNodeWindow();
    });
  }

  function setSpacer(tr, height) {
    const h = Math.max(0, Math.round(height));
    const hidden = h === 0;
    if (tr.hidden !== hidden) tr.hidden = hidden;
    const px = h + 'px';
    if (tr.style.height !== px) tr.style.height = px;
  }

  function renderNodeWindow() {
    if (document.body.dataset.role !== 'manager') return;
    const list = state.filtered;
    const total = list.length;
    const scroller = $('nodes-scroll');
    const tbody = $('nodes-body');
    const top = $('nodes-top');
    const bottom = $('nodes-bottom');
    const rowH = state.rowH || DEFAULT_ROW_H;
    const head = $('nodes').tHead;
    const headH = head ? head.offsetHeight : 0;
    const viewH = scroller.clientHeight || 400;
    const offset = Math.max(0, scroller.scrollTop - headH);
    let first = Math.max(0, Math.floor(offset / rowH) - ROW_MARGIN);
    const last = Math.min(total, Math.ceil((offset + viewH) / rowH) + ROW_MARGIN);
    if (first > last) first = Math.max(0, last - ROW_MARGIN);

    // Key rows by address so a row (and its buttons) stays the same element while it is on screen.
    const keys = [];
    const wanted = new Map();
    for (let i = first; i < last; i++) {
      const n = list[i];
      let key = String(n.address);
      if (wanted.has(key)) key = key + '\u0000' + i;
      keys.push(key);
      wanted.set(key, n);
    }
    for (const [key, row] of state.nodeRows) {
      if (!wanted.has(key)) {
        row.tr.remove();
        state.nodeRows.delete(key);
        if (state.freeRows.length < 100) state.freeRows.push(row);
      }
    }
    let cursor = top.nextSibling;
    for (const key of keys) {
      let row = state.nodeRows.get(key);
      if (!row) {
        row = state.freeRows.pop() || makeNodeRow();
        setRowButtons(row);
        state.nodeRows.set(key, row);
      }
      fillNodeRow(row, wanted.get(key));
      if (row.tr === cursor) cursor = cursor.nextSibling;
      else tbody.insertBefore(row.tr, cursor);
    }
    setSpacer(top, first * rowH);
    setSpacer(bottom, (total - last) * rowH);

    // Learn the real row height once (fonts, zoom), then lay out again with it.
    if (!state.rowH && keys.length > 0) {
      const measured = state.nodeRows.get(keys[0]).tr.getBoundingClientRect().height;
      if (measured > 0) {
        state.rowH = measured;
        if (Math.abs(measured - rowH) > 0.5) renderNodeWindow();
      }
    }
  }

  // ---------------------------------------------------------------- node: workers + managers

  function makeWorkerRow() {
    const { tr, td, stateBadge } = rowBuilder('worker-row');
    const row = { tr };
    row.id = td('n worker-id');
    row.pid = td('n pid');
    row.state = stateBadge('worker-state-cell', 'worker-state');
    row.taskClass = td('task-class mono');
    row.taskId = td('task-id mono');
    row.running = td('n task-running');
    row.done = td('n tasks-done');
    row.rss = td('n rss');
    row.generation = td('n generation');
    row.uptime = td('n worker-uptime');
    return row;
  }

  function fillWorkerRow(row, w) {
    const st = w.state == null ? '' : String(w.state);
    setData(row.tr, 'worker', w.id);
    setData(row.tr, 'state', st);
    setText(row.id, w.id);
    setText(row.pid, isNum(w.pid) ? String(w.pid) : w.pid == null ? '–' : String(w.pid));
    setText(row.state, st);
    const task = w.task && typeof w.task === 'object' ? w.task : null;
    const cls = task && task.class != null ? String(task.class) : '';
    const tid = task && task.id != null ? String(task.id) : '';
    setText(row.taskClass, cls);
    setTitle(row.taskClass, cls);
    setText(row.taskId, tid);
    setTitle(row.taskId, tid);
    setText(row.running, task ? fmtDuration(task.running_ms) : '');
    setText(row.done, fmtInt(w.tasks_done));
    setText(row.rss, isNum(w.rss_bytes) ? (w.rss_bytes / 1048576).toFixed(1) : '–');
    setText(row.generation, fmtInt(w.generation));
    setText(row.uptime, fmtDuration(w.uptime_ms));
  }

  function renderWorkers(pool) {
    const tbody = $('workers-body');
    const keys = [];
    const wanted = new Map();
    pool.forEach((w, i) => {
      if (!w || typeof w !== 'object') return;
      let key = String(w.id);
      if (wanted.has(key)) key = key + '\u0000' + i;
      keys.push(key);
      wanted.set(key, w);
    });
    for (const [key, row] of state.workerRows) {
      if (!wanted.has(key)) {
        row.tr.remove();
        state.workerRows.delete(key);
      }
    }
    let cursor = tbody.firstChild;
    for (const key of keys) {
      let row = state.workerRows.get(key);
      if (!row) {
        row = makeWorkerRow();
        state.workerRows.set(key, row);
      }
      fillWorkerRow(row, wanted.get(key));
      if (row.tr === cursor) cursor = cursor.nextSibling;
      else tbody.insertBefore(row.tr, cursor);
    }
    setText($('workers-count'), `(${keys.length})`);
    $('workers-empty').hidden = keys.length > 0;
  }

  function renderManagers(managers) {
    const section = $('managers-section');
    const list = $('managers');
    const items = Array.isArray(managers) ? managers : null;
    section.hidden = !items;
    if (!items) return;
    const seen = new Set();
    let cursor = list.firstChild;
    items.forEach((m, i) => {
      if (!m || typeof m !== 'object') return;
      let key = String(m.address);
      if (seen.has(key)) key = key + '\u0000' + i;
      seen.add(key);
      let item = state.managerItems.get(key);
      if (!item) {
        const li = make('li');
        item = { li, address: make('span', 'manager-address mono'), status: make('span', 'meta manager-registered') };
        li.append(item.address, item.status);
        state.managerItems.set(key, item);
      }
      const registered = !!m.registered;
      setData(item.li, 'manager', m.address);
      setData(item.li, 'registered', registered);
      setText(item.address, m.address);
      setText(item.status, registered ? 'registered' : 'not registered');
      if (item.li === cursor) cursor = cursor.nextSibling;
      else list.insertBefore(item.li, cursor);
    });
    for (const [key, item] of state.managerItems) {
      if (!seen.has(key)) {
        item.li.remove();
        state.managerItems.delete(key);
      }
    }
    if (items.length === 0) {
      if (!list.firstChild) list.appendChild(make('li', 'meta', 'none'));
    } else {
      for (const li of Array.from(list.children)) if (!li.dataset.manager && li.classList.contains('meta')) li.remove();
    }
  }

  // ---------------------------------------------------------------- task history

  function pad3(n) {
    return n < 10 ? '00' + n : n < 100 ? '0' + n : String(n);
  }

  // Local time of an epoch-ms timestamp, HH:MM:SS.mmm; '–' for none (0).
  function fmtClock(ms) {
    if (!isNum(ms) || ms <= 0) return '–';
    const d = new Date(ms);
    return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`;
  }

  function fmtDateTime(ms) {
    if (!isNum(ms) || ms <= 0) return '–';
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${fmtClock(ms)}`;
  }

  function fmtCount(v) {
    return isNum(v) ? Math.round(v).toLocaleString('en-US') : '–';
  }

  function str(v) {
    return v == null ? '' : String(v);
  }

  function simpleName(cls) {
    const i = cls.lastIndexOf('.');
    return i >= 0 && i < cls.length - 1 ? cls.slice(i + 1) : cls;
  }

  // How an outcome is coloured: 'ok' (result), 'dropped', or 'bad' (every error).
  function outcomeKind(outcome) {
    if (outcome === 'result') return 'ok';
    if (outcome === 'dropped') return 'dropped';
    return outcome ? 'bad' : '';
  }

  // The first line of an error message, cut for the table.
  function shortError(error) {
    const text = error.trim();
    const nl = text.indexOf('\n');
    const line = nl >= 0 ? text.slice(0, nl).trimEnd() + ' …' : text;
    return line.length > TASK_ERROR_CHARS ? line.slice(0, TASK_ERROR_CHARS - 1) + '…' : line;
  }

  function started(t) {
    return isNum(t.started_at) && t.started_at > 0;
  }

  // GET a JSON object: answers { status, body } or { status, error } (the server's message when
  // it sent one). A 401 means the session is gone: back to sign-in.
  async function getJson(url) {
    let res;
    try {
      res = await fetch(url, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } });
    } catch (e) {
      return { status: 0, error: 'cannot reach the server' };
    }
    if (res.status === 401) {
      location.replace('/');
      return { status: 401, error: 'signed out', away: true };
    }
    let payload = null;
    try {
      payload = await res.json();
    } catch (e) {
      payload = null;
    }
    const body = payload && typeof payload === 'object' && !Array.isArray(payload) ? payload : null;
    if (res.ok && body) return { status: res.status, body };
    const err = body && body.error && typeof body.error === 'object' ? body.error : null;
    let error;
    if (err && typeof err.message === 'string' && err.message) error = err.message;
    else if (err && typeof err.kind === 'string' && err.kind) error = `${err.kind} (HTTP ${res.status})`;
    else error = res.ok ? 'the server answered no JSON object' : `HTTP ${res.status}`;
    return { status: res.status, error };
  }

  function showHistorySummary(text, status, title) {
    const el = $('history-summary');
    setText(el, text);
    setData(el, 'status', status);
    setTitle(el, title == null ? text : title);
  }

  function readSearchForm() {
    return {
      id: $('search-id').value.trim(),
      class: $('search-class').value.trim(),
      outcome: $('search-outcome').value,
      limit: $('search-limit').value,
    };
  }

  function searchUrl(q) {
    const params = new URLSearchParams();
    for (const key of ['id', 'class', 'outcome', 'limit']) if (q[key]) params.set(key, q[key]);
    const qs = params.toString();
    return qs ? '/api/tasks?' + qs : '/api/tasks';
  }

  // Runs a search and shows its answer; a new search (not a refresh) starts at the top of the table.
  async function searchTasks(q, fresh) {
    const h = state.history;
    h.query = q;
    const seq = ++h.searchSeq;
    showHistorySummary('searching…', 'pending');
    $('history').setAttribute('aria-busy', 'true');
    const got = await getJson(searchUrl(q));
    if (seq !== h.searchSeq || got.away) return;
    $('history').removeAttribute('aria-busy');
    if (got.status === 404) {
      // The daemon keeps no history (or this server has none to give): say so instead of the table.
      historyOff(got.error);
      return;
    }
    if (got.error) {
      // The rows of the last search stay; the line says what went wrong.
      showHistorySummary(got.error, 'error');
      return;
    }
    const body = got.body;
    const tasks = Array.isArray(body.tasks) ? body.tasks.filter((t) => t && typeof t === 'object') : [];
    historyOn();
    renderTasks(tasks);
    if (fresh) $('tasks-scroll').scrollTop = 0;
    const text = `${fmtCount(tasks.length)} shown · ${fmtCount(body.kept)} kept of ${fmtInt(body.max)} · ${fmtCount(body.dropped)} not kept`;
    const terms = ['id', 'class', 'outcome', 'limit'].filter((k) => q[k]).map((k) => `${k} ${q[k]}`);
    const what = terms.length > 0 ? terms.join(', ') : 'all tasks';
    showHistorySummary(text, 'ok', `${text}\nsearch: ${what}, newest first\nnot kept: tasks the history had no room to write`);
  }

  function historyOff(message) {
    const off = $('history-off');
    setText(off, message || 'this daemon keeps no task history');
    off.hidden = false;
    $('history-body').hidden = true;
    $('history').classList.add('off');
    showHistorySummary('', '');
    closeDetail(false);
  }

  function historyOn() {
    $('history-off').hidden = true;
    $('history-body').hidden = false;
    $('history').classList.remove('off');
  }

  function makeTaskRow(t) {
    const tr = make('tr', 'task-row');
    const td = (cls, text, title) => {
      const cell = make('td', cls, text);
      if (title) cell.title = title;
      tr.appendChild(cell);
      return cell;
    };
    const outcome = str(t.outcome);
    const kind = outcomeKind(outcome);
    tr.dataset.seq = str(t.seq);
    if (kind) tr.dataset.kind = kind;
    tr.tabIndex = -1;
    td('task-finished', fmtClock(t.finished_at), fmtDateTime(t.finished_at));
    const id = str(t.id);
    td('task-id mono', id, id);
    const cls = str(t.class);
    td('task-class mono', simpleName(cls), cls);
    const outcomeCell = td('task-outcome', outcome, outcome);
    if (kind) outcomeCell.dataset.kind = kind;
    td('n task-waited', fmtMs(t.waited_ms));
    td('n task-ran', started(t) ? fmtMs(t.ran_ms) : '–', started(t) ? '' : 'never started');
    const path = Array.isArray(t.path) ? t.path.map(str) : [];
    td('task-where', path.length > 0 ? path[path.length - 1] : '–', path.join('\n'));
    const error = str(t.error);
    const exception = str(t.exception);
    const title = exception && error ? `${exception}: ${error}` : exception || error;
    td('task-error', error ? shortError(error) : exception, title.length > 2000 ? title.slice(0, 2000) + '…' : title);
    return tr;
  }

  function renderTasks(tasks) {
    const h = state.history;
    const tbody = $('tasks-body');
    const rows = new Map();
    const frag = document.createDocumentFragment();
    for (const t of tasks) {
      const tr = makeTaskRow(t);
      const key = tr.dataset.seq;
      if (rows.has(key)) continue; // the same task twice: show it once
      rows.set(key, { task: t, tr });
      frag.appendChild(tr);
    }
    h.rows = rows;
    h.tabStop = null;
    tbody.textContent = '';
    tbody.appendChild(frag);
    $('tasks-empty').hidden = rows.size > 0;
    markSelected();
  }

  // Only one row is in the tab order (the selected one, else the first); the arrow keys move.
  function setTabStop(tr) {
    const h = state.history;
    if (h.tabStop && h.tabStop !== tr) h.tabStop.tabIndex = -1;
    h.tabStop = tr || null;
    if (tr) tr.tabIndex = 0;
  }

  function markSelected() {
    const h = state.history;
    const tbody = $('tasks-body');
    for (const tr of tbody.querySelectorAll('tr.selected')) tr.classList.remove('selected');
    const entry = h.selected != null ? h.rows.get(h.selected) : null;
    if (entry) entry.tr.classList.add('selected');
    setTabStop(entry ? entry.tr : tbody.firstElementChild);
  }

  function setDetailStatus(text, status) {
    const el = $('task-detail-status');
    setText(el, text);
    setData(el, 'status', status);
  }

  // Fills the detail from a task; its stack trace only when the task came from /api/tasks/SEQ.
  function fillDetail(t, withStack) {
    const id = str(t.id);
    setText($('task-detail-title'), id || `#${str(t.seq)}`);
    setText($('task-detail-id'), id || '–');
    const cls = str(t.class);
    setText($('task-detail-class'), cls || '–');
    setText($('task-detail-priority'), str(t.priority) || '–');
    const outcomeEl = $('task-detail-outcome');
    const outcome = str(t.outcome);
    setText(outcomeEl, outcome || '–');
    setData(outcomeEl, 'kind', outcomeKind(outcome));
    setText($('task-detail-client'), str(t.client) || '–');
    setText($('task-detail-queued'), fmtDateTime(t.queued_at));
    setText($('task-detail-started'), started(t) ? fmtDateTime(t.started_at) : 'never started');
    setText($('task-detail-finished'), fmtDateTime(t.finished_at));
    setText($('task-detail-waited'), isNum(t.waited_ms) ? fmtMs(t.waited_ms) + ' ms' : '–');
    setText($('task-detail-ran'), started(t) && isNum(t.ran_ms) ? fmtMs(t.ran_ms) + ' ms' : '–');
    setText($('task-detail-error'), str(t.error) || '–');
    setText($('task-detail-exception'), str(t.exception) || '–');
    const list = $('task-path');
    list.textContent = '';
    const path = Array.isArray(t.path) ? t.path : [];
    path.forEach((step, i) => {
      const li = make('li', i === path.length - 1 ? 'last' : null, str(step));
      list.appendChild(li);
    });
    const stack = $('task-stack');
    if (withStack) setText(stack, t.stack == null || t.stack === '' ? 'no stack trace' : String(t.stack));
    else setText(stack, 'loading…');
    setData(stack, 'empty', !withStack || t.stack == null || t.stack === '');
  }

  async function openTask(seq) {
    const h = state.history;
    if (seq == null || seq === '') return;
    const again = h.selected === seq && !$('task-detail').hidden;
    h.selected = seq;
    markSelected();
    const req = ++h.detailSeq;
    const entry = h.rows.get(seq);
    const panel = $('task-detail');
    panel.hidden = false;
    if (!again) {
      if (entry) fillDetail(entry.task, false);
      $('task-detail-info').scrollTop = 0;
      $('task-stack').scrollTop = 0;
      $('task-stack').scrollLeft = 0;
    }
    setDetailStatus('loading…', 'pending');
    if (entry) entry.tr.scrollIntoView({ block: 'nearest' });
    const got = await getJson('/api/tasks/' + encodeURIComponent(seq));
    if (req !== h.detailSeq || got.away) return;
    if (got.error) {
      setDetailStatus(got.status === 404 ? 'no longer kept' : 'could not load', 'error');
      if (!entry) fillDetail({ seq }, false);
      setText($('task-stack'), 'stack trace unavailable');
      setData($('task-stack'), 'empty', true);
      showHistorySummary(got.error, 'error');
      return;
    }
    fillDetail(got.body, true);
    setDetailStatus(`seq ${str(got.body.seq)}`, '');
  }

  function closeDetail(refocus) {
    const h = state.history;
    h.detailSeq++;
    const entry = h.selected != null ? h.rows.get(h.selected) : null;
    h.selected = null;
    $('task-detail').hidden = true;
    markSelected();
    if (refocus && entry) entry.tr.focus({ preventScroll: true });
  }

  function wireHistory() {
    const form = $('task-search');
    // A search from before a reload would not match the empty search the page starts with.
    form.reset();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      searchTasks(readSearchForm(), true);
    });
    $('history-refresh').addEventListener('click', () => searchTasks(state.history.query || readSearchForm(), false));
    const tbody = $('tasks-body');
    tbody.addEventListener('click', (event) => {
      const tr = event.target.closest('tr[data-seq]');
      if (!tr) return;
      // Selecting text in a row (to copy an id) is not a click on it.
      const sel = window.getSelection ? window.getSelection() : null;
      if (sel && !sel.isCollapsed && tr.contains(sel.anchorNode)) return;
      openTask(tr.dataset.seq);
    });
    tbody.addEventListener('keydown', (event) => {
      const tr = event.target.closest('tr[data-seq]');
      if (!tr || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        openTask(tr.dataset.seq);
        return;
      }
      let next = null;
      if (event.key === 'ArrowDown') next = tr.nextElementSibling;
      else if (event.key === 'ArrowUp') next = tr.previousElementSibling;
      else return;
      event.preventDefault();
      if (!next) return;
      setTabStop(next);
      next.focus();
      // With the detail open, the arrows browse through the tasks.
      if (!$('task-detail').hidden) openTask(next.dataset.seq);
    });
    $('task-detail-close').addEventListener('click', () => closeDetail(true));
    $('history').addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !$('task-detail').hidden && !event.target.closest('#task-search')) closeDetail(true);
    });
  }

  // ---------------------------------------------------------------- actions

  function showResult(text, status) {
    const el = $('action-result');
    setText(el, text);
    setData(el, 'status', status);
    setTitle(el, text);
  }

  async function post(url, body, label) {
    const seq = ++state.actionSeq;
    showResult(label + '…', 'pending');
    let text;
    let ok = false;
    let recheck = false;
    try {
      const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
      const csrf = state.session && state.session.csrf;
      if (csrf) headers['X-CSRF-Token'] = csrf;
      const res = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        cache: 'no-store',
        headers,
        body: JSON.stringify(body),
      });
      if (res.ok) {
        ok = true;
        text = label + ' done';
      } else {
        let payload = null;
        try {
          payload = await res.json();
        } catch (e) {
          payload = null;
        }
        const err = payload && typeof payload === 'object' ? payload.error : null;
        if (err && typeof err.message === 'string' && err.message) text = err.message;
        else if (err && typeof err.kind === 'string' && err.kind) text = `${label} failed: ${err.kind}`;
        else text = `${label} failed (HTTP ${res.status})`;
        recheck = res.status === 401 || res.status === 403;
      }
    } catch (e) {
      text = `${label} failed: cannot reach the server`;
    }
    if (seq === state.actionSeq) showResult(text, ok ? 'ok' : 'error');
    if (recheck) checkSession(); // session gone (back to sign-in) or a new CSRF token
    return ok;
  }

  function control(action, node) {
    if (!mayAct()) return;
    const body = { action };
    if (node != null) body.node = node;
    // A manager drains and undrains its nodes, not itself: the "all" buttons ask for every node.
    else if (document.body.dataset.role === 'manager' && action !== 'reload') body.all_nodes = true;
    post('/api/control', body, action);
  }

  function wireActions() {
    for (const id of ['drain-all', 'undrain-all', 'reload-all']) {
      const b = $(id);
      b.addEventListener('click', () => control(b.dataset.action));
    }
    $('nodes-body').addEventListener('click', (event) => {
      const b = event.target.closest('button[data-action]');
      if (!b || b.disabled) return;
      const tr = b.closest('tr[data-node]');
      if (!tr) return;
      control(b.dataset.action, tr.dataset.node);
    });
    $('cancel-form').addEventListener('submit', (event) => {
      event.preventDefault();
      if (!mayAct()) return;
      const id = $('cancel-id').value.trim();
      if (!id) {
        showResult('enter the id of a queued or running task', 'error');
        $('cancel-id').focus();
        return;
      }
      post('/api/cancel', { task: id }, 'cancel');
    });
    $('logout').addEventListener('click', async () => {
      const headers = {};
      const csrf = state.session && state.session.csrf;
      if (csrf) headers['X-CSRF-Token'] = csrf;
      try {
        await fetch('/api/logout', { method: 'POST', credentials: 'same-origin', cache: 'no-store', headers });
      } catch (e) {
        // go back to '/' anyway
      }
      location.replace('/');
    });
    const filter = $('node-filter');
    filter.addEventListener('input', () => {
      state.filterText = filter.value;
      $('nodes-scroll').scrollTop = 0;
      renderNodes();
    });
    $('nodes-scroll').addEventListener('scroll', scheduleNodeWindow, { passive: true });
    window.addEventListener('resize', scheduleNodeWindow);
  }

  // ---------------------------------------------------------------- start

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function start() {
    wireActions();
    wireHistory();
    // The browser may have kept a filter value across a reload.
    state.filterText = $('node-filter').value || '';
    let got = null;
    for (let delay = 1000; ; delay = Math.min(delay * 2, 10000)) {
      try {
        got = await fetchSession();
        break;
      } catch (e) {
        $('connection').hidden = false;
        await sleep(delay);
      }
    }
    if (got.unauthorized) {
      location.replace('/');
      return;
    }
    const s = got.session || {};
    state.wasAuthenticated = !!s.authenticated;
    applySession(s);
    connect();
    setInterval(watchdog, 2000);
    searchTasks(readSearchForm(), true); // the newest tasks; searched again only when asked
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
