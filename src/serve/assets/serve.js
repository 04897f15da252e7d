/* parley serve: the what-if workbench. Builds the panel from /api/scenario and /api/params, keeps
   the what-if in the URL (?s=JSON: lang, at, set, without, without_requirements), asks
   /api/analyze for the answer on every change (channel "live-ID": a newer request cancels the older)
   and shows `parley report` for the same state in a sandboxed frame. Plain ES2017, same origin only. */
(function () {
  'use strict';

  var TEXT = {
    en: {
      params: 'Parameters', events: 'Events (unticked: removed)', reqs: 'Requirements (unticked: dropped)',
      date: 'Date', scenario_date: 'the scenario\'s date', reset: 'reset', reset_all: 'Reset all',
      dl_scenario: 'Download scenario', dl_report: 'Download report', sweep: 'Run sweep', cancel: 'Cancel',
      bargain: 'Process (bargain)', mediate: 'Mediation', working: 'working…', samples: 'samples',
      zopa: 'ZOPA', pareto: 'Pareto frontier', packages: 'packages', winset: 'win-set', nash: 'Nash',
      p_deal: 'P(deal)', changed: 'changed', filter: 'filter parameters', cancelled: 'cancelled',
      error: 'error', lang: '中文',
      group_deadline: 'Deadlines', group_event: 'Events', group_issue: 'Issues', group_plan: 'Plans'
    },
    'zh-TW': {
      params: '參數', events: '事件（未勾選：移除）', reqs: '要求（未勾選：取消）',
      date: '日期', scenario_date: '情境日期', reset: '重設', reset_all: '全部重設',
      dl_scenario: '下載情境', dl_report: '下載報告', sweep: '執行蒙地卡羅', cancel: '取消',
      bargain: '談判過程', mediate: '調停', working: '計算中…', samples: '樣本',
      zopa: '可達成協議區間', pareto: '帕雷托前緣', packages: '方案', winset: '贏集', nash: '納許議價解',
      p_deal: '達成協議機率', changed: '已變更', filter: '篩選參數', cancelled: '已取消',
      error: '錯誤', lang: 'English',
      group_deadline: '期限', group_event: '事件', group_issue: '議題', group_plan: '計畫'
    }
  };

  var info, params, dates = [];
  var state = { lang: 'en', set: {}, without: [], without_requirements: [] };
  var el = function (id) { return document.getElementById(id); };
  function t(k) { return (TEXT[state.lang] || TEXT.en)[k] || k; }
  function nameOf(names) { return (names && (names[state.lang] || names.en)) || ''; }
  function make(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---------- state <-> URL ----------
  function compact() {
    var s = {};
    if (state.lang !== 'en') s.lang = state.lang;
    if (state.at) s.at = state.at;
    if (Object.keys(state.set).length) s.set = state.set;
    if (state.without.length) s.without = state.without;
    if (state.without_requirements.length) s.without_requirements = state.without_requirements;
    return s;
  }
  function query() { return '?s=' + encodeURIComponent(JSON.stringify(compact())); }
  function readUrl() {
    var m = /[?&]s=([^&]*)/.exec(location.search), s = {};
    try { if (m) s = JSON.parse(decodeURIComponent(m[1])); } catch (e) { s = {}; }
    state = {
      lang: s.lang === 'zh-TW' ? 'zh-TW' : 'en', at: typeof s.at === 'string' ? s.at : undefined,
      set: s.set && typeof s.set === 'object' ? s.set : {},
      without: Array.isArray(s.without) ? s.without : [],
      without_requirements: Array.isArray(s.without_requirements) ? s.without_requirements : []
    };
  }
  function commit(push) {   // a change: URL (a history entry when push), then the results
    var url = location.pathname + query();
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
    refresh();
  }

  // ---------- requests ----------
  // The page's channels are its own (NAME-ID, ID drawn at load: two tabs do not cancel each other's
  // work) and its requests are numbered (seq: an older request reaching the server after a newer
  // one, over another connection, is refused instead of cancelling the newer). A request on a
  // channel first aborts the page's older request on it: the server would answer that one 409,
  // which the browser logs as a failed load; aborted here, it ends as {aborted: true} instead.
  var tab = Math.random().toString(36).slice(2, 10) || 'tab', seqNo = 0, inflight = {};
  function channel(name) { return name + '-' + tab; }
  function post(route, body) {
    var ch = body && body.channel, ctl = typeof AbortController === 'function' ? new AbortController() : null;
    if (ch) {
      if (inflight[ch]) inflight[ch].abort();
      inflight[ch] = ctl;
      body.seq = ++seqNo;
    }
    var done = function () { if (ch && inflight[ch] === ctl) delete inflight[ch]; };
    return fetch('/api/' + route, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      signal: ctl ? ctl.signal : undefined
    }).then(function (r) {
      var timing = /dur=([0-9.]+)/.exec(r.headers.get('Server-Timing') || '');
      return r.text().then(function (text) {
        var j = JSON.parse(text);
        if (!r.ok) throw j;
        // the server's time and the answer's size, for the status line's data (the browser test)
        Object.defineProperty(j, '_meta', { value: { serverMs: timing ? +timing[1] : -1, bytes: text.length } });
        return j;
      });
    }).then(function (j) { done(); return j; }, function (e) {
      done();
      throw e && e.name === 'AbortError' ? { aborted: true } : e;
    });
  }
  function body(extra) {
    var b = compact();
    Object.keys(extra || {}).forEach(function (k) { b[k] = extra[k]; });
    return b;
  }

  var liveSeq = 0, reportTimer = null;
  function refresh() {
    var seq = ++liveSeq;
    el('status').textContent = t('working');
    el('status').className = 'busy';
    var started = performance.now();
    post('analyze', body({ channel: channel('live'), max_listed: 0, robustness: false })).then(function (r) {
      if (seq !== liveSeq) return;
      showAnswer(r, performance.now() - started);
      // The report frame (about 1 MB to build and draw) follows once the answer is shown and no
      // change came for a while: loaded while a slider moves, it took the cores the next answer
      // needed (a slider move's answer p50 0.55 s instead of tens of ms on a loaded machine).
      clearTimeout(reportTimer);
      reportTimer = setTimeout(function () {
        el('report').src = '/report' + query() + '&channel=' + channel('report') + '&seq=' + (++seqNo);
      }, 800);
    }, function (e) {
      if (seq !== liveSeq || (e && (e.aborted || /superseded/.test(e.error || '')))) return;
      el('status').className = 'error';
      el('status').textContent = t('error') + ': ' + ((e && e.error) || e);
    });
    clearTimeout(reportTimer);   // the report frame follows once the answer is shown (below)
    el('dl-scenario').href = '/scenario.yaml' + query();
    el('dl-report').href = '/report' + query() + '&download=1';
  }

  function showAnswer(r, ms) {
    el('status').className = 'ok';
    el('status').textContent = Math.round(ms) + ' ms';
    el('status').setAttribute('data-ms', String(ms));
    if (r._meta) {
      el('status').setAttribute('data-server-ms', String(r._meta.serverMs));
      el('status').setAttribute('data-bytes', String(r._meta.bytes));
    }
    var a = el('answer');
    a.textContent = '';
    a.appendChild(make('p', { 'class': 'sentence', id: 'sentence' }, r.explanation || ''));
    var facts = make('ul', { 'class': 'facts' });
    facts.appendChild(make('li', { id: 'zopa-size', 'data-value': String(r.zopa_size) },
      t('zopa') + ': ' + r.zopa_size + ' / ' + r.packages_total + ' ' + t('packages')));
    facts.appendChild(make('li', {}, t('pareto') + ': ' + r.pareto_size));
    Object.keys(r.win_set_size || {}).forEach(function (p) {
      facts.appendChild(make('li', {}, t('winset') + ' ' + p + ': ' + r.win_set_size[p]));
    });
    if (r.nash && r.nash.package) {
      facts.appendChild(make('li', {}, t('nash') + ': ' + Object.keys(r.nash.package).map(function (k) {
        return r.nash.package[k];
      }).join(' / ')));
    }
    a.appendChild(facts);
  }

  // ---------- panel ----------
  function range(p) {
    var lo = p.min, hi = p.max;
    if (p.dist && typeof p.dist.min === 'number' && typeof p.dist.max === 'number') { lo = p.dist.min; hi = p.dist.max; }
    if (hi === null || hi === undefined) hi = Math.max(1, 2 * Math.abs(p.value), lo + 1);
    lo = Math.min(lo, p.value); hi = Math.max(hi, p.value);
    return [lo, hi];
  }
  function paramRow(p) {
    var r = range(p), row = make('div', { 'class': 'param', 'data-path': p.path });
    // The parameter's name in the page's language (the path, which --set takes, as its tooltip).
    var label = make('label', { title: p.path }, nameOf(p.name) || p.path);
    var slider = make('input', { type: 'range', min: String(r[0]), max: String(r[1]), step: String((r[1] - r[0]) / 200 || 0.01) });
    var num = make('input', { type: 'number', step: 'any', min: String(p.min) });
    if (p.max !== null) num.setAttribute('max', String(p.max));
    var reset = make('button', { type: 'button', 'class': 'reset' }, t('reset'));
    function show() {
      var v = p.path in state.set ? state.set[p.path] : p.value;
      slider.value = String(v); num.value = String(v);
      row.classList.toggle('changed', p.path in state.set);
    }
    function set(v, push) {
      if (!isFinite(v)) return;
      if (v === p.value) delete state.set[p.path]; else state.set[p.path] = v;
      show(); commit(push);
    }
    // one history entry per drag: pushed at its first step, replaced while it moves
    var dragging = false;
    slider.addEventListener('input', function () { set(parseFloat(slider.value), !dragging); dragging = true; });
    slider.addEventListener('change', function () { dragging = false; });
    num.addEventListener('change', function () { set(parseFloat(num.value), true); });
    reset.addEventListener('click', function () { set(p.value, true); });
    row.appendChild(label); row.appendChild(slider); row.appendChild(num); row.appendChild(reset);
    row.show = show;
    show();
    return row;
  }
  function toggle(list, id, on) {
    var k = state[list].indexOf(id);
    if (on && k >= 0) state[list].splice(k, 1);
    if (!on && k < 0) state[list].push(id);
    commit(true);
  }
  function checkbox(list, id, text) {
    var lab = make('label', { 'class': 'toggle' }), box = make('input', { type: 'checkbox', 'data-id': id });
    box.checked = state[list].indexOf(id) < 0;
    box.addEventListener('change', function () { toggle(list, id, box.checked); });
    lab.appendChild(box); lab.appendChild(document.createTextNode(' ' + text));
    return lab;
  }

  function build() {
    document.documentElement.lang = state.lang;
    el('title').textContent = nameOf(info.title) || info.scenario;
    var tools = el('tools');
    tools.textContent = '';
    var lang = make('button', { type: 'button', id: 'lang' }, t('lang'));
    lang.addEventListener('click', function () { state.lang = state.lang === 'en' ? 'zh-TW' : 'en'; build(); commit(true); });
    tools.appendChild(lang);
    tools.appendChild(make('a', { id: 'dl-scenario', href: '/scenario.yaml' + query(), download: '' }, t('dl_scenario')));
    tools.appendChild(make('a', { id: 'dl-report', href: '/report' + query() + '&download=1', download: '' }, t('dl_report')));
    var sweep = make('button', { type: 'button', id: 'sweep' }, t('sweep'));
    var cancel = make('button', { type: 'button', id: 'sweep-cancel', hidden: '' }, t('cancel'));
    var progress = make('progress', { id: 'sweep-progress', hidden: '' });
    sweep.addEventListener('click', function () {
      sweep.disabled = true; cancel.hidden = false; progress.hidden = false;
      el('extra').textContent = '';
      post('sweep', body({ channel: channel('sweep'), samples: 2000 })).then(function (r) {
        el('extra').textContent = t('p_deal') + ': ' + (r.p_deal !== undefined ? r.p_deal : JSON.stringify(r).slice(0, 200)) +
          ' (' + r.samples + ' ' + t('samples') + ')';
      }, function (e) { el('extra').textContent = (e && e.error) || t('cancelled'); }).then(function () {
        sweep.disabled = false; cancel.hidden = true; progress.hidden = true;
      });
    });
    cancel.addEventListener('click', function () { post('cancel', { channel: channel('sweep') }).catch(function () {}); });
    tools.appendChild(sweep); tools.appendChild(progress); tools.appendChild(cancel);
    ['bargain', 'mediate'].forEach(function (route) {
      var b = make('button', { type: 'button', id: route }, t(route));
      b.addEventListener('click', function () {
        el('extra').textContent = t('working');
        var req = body({ channel: channel(route) });
        if (route === 'bargain') { delete req.at; delete req.without_requirements; }
        if (route === 'mediate') delete req.without_requirements;
        post(route, req).then(function (r) {
          el('extra').textContent = '';
          el('extra').appendChild(make('pre', {}, JSON.stringify(r.outcome || r.proposal || r, null, 1).slice(0, 3000)));
        }, function (e) { if (!(e && e.aborted)) el('extra').textContent = (e && e.error) || t('error'); });
      });
      tools.appendChild(b);
    });

    var panel = el('panel');
    panel.textContent = '';
    // date slider over the scenario's date, its events and deadlines
    panel.appendChild(make('h2', {}, t('date')));
    var dateLabel = make('div', { id: 'date-label' });
    var dateSlider = make('input', { type: 'range', id: 'date', min: '0', max: String(dates.length - 1), step: '1' });
    function showDate() {
      var k = state.at ? dates.indexOf(state.at) : dates.indexOf(info.date);
      if (k < 0) { dates.push(state.at); dates.sort(); k = dates.indexOf(state.at); dateSlider.max = String(dates.length - 1); }
      dateSlider.value = String(k);
      dateLabel.textContent = (state.at || info.date) + (state.at ? '' : ' (' + t('scenario_date') + ')');
    }
    var dragging = false;
    dateSlider.addEventListener('input', function () {
      var d = dates[+dateSlider.value];
      state.at = d === info.date ? undefined : d;
      showDate(); commit(!dragging);
      dragging = true;
    });
    dateSlider.addEventListener('change', function () { dragging = false; });
    panel.appendChild(dateSlider); panel.appendChild(dateLabel);
    showDate();
    if (info.events.length) {
      panel.appendChild(make('h2', {}, t('events')));
      info.events.forEach(function (e) { panel.appendChild(checkbox('without', e.id, e.date + ' ' + (nameOf(e.name) || e.id))); });
    }
    if (info.requirements.length) {
      panel.appendChild(make('h2', {}, t('reqs')));
      info.requirements.forEach(function (r) { panel.appendChild(checkbox('without_requirements', r.id, r.id + ' ' + nameOf(r.name))); });
    }
    panel.appendChild(make('h2', {}, t('params')));
    var resetAll = make('button', { type: 'button', id: 'reset-all' }, t('reset_all'));
    resetAll.addEventListener('click', function () {
      state.set = {}; state.without = []; state.without_requirements = []; state.at = undefined;
      build(); commit(true);
    });
    var filter = make('input', { type: 'search', id: 'filter', placeholder: t('filter') });
    panel.appendChild(resetAll); panel.appendChild(filter);
    var groups = {}, rows = [];
    params.forEach(function (p) {
      var g = p.path.split('.')[0];
      if (!groups[g]) {
        groups[g] = make('details', { 'class': 'group' });
        var actor = (info.actors || []).filter(function (a) { return a.id === g; })[0];
        var heading = actor ? (nameOf(actor.name) || g) : (TEXT.en['group_' + g] ? t('group_' + g) : g);
        groups[g].appendChild(make('summary', { title: g }, heading));
        panel.appendChild(groups[g]);
      }
      var row = paramRow(p);
      rows.push(row);
      groups[g].appendChild(row);
      if (p.path in state.set) groups[g].open = true;
    });
    filter.addEventListener('input', function () {
      var q = filter.value.toLowerCase();
      rows.forEach(function (r) {
        var hay = (r.getAttribute('data-path') + ' ' + r.textContent).toLowerCase();
        r.hidden = q && hay.indexOf(q) < 0;
      });
      Object.keys(groups).forEach(function (g) { if (q) groups[g].open = true; });
    });
    var extra = el('extra') || make('div', { id: 'extra' });
    el('results').insertBefore(extra, el('report'));
  }

  window.addEventListener('popstate', function () { readUrl(); build(); refresh(); });

  readUrl();
  Promise.all([
    fetch('/api/scenario').then(function (r) { return r.json(); }),
    post('params', {})
  ]).then(function (all) {
    info = all[0]; params = all[1].params;
    var seen = {};
    [info.date].concat(info.events.map(function (e) { return e.date; }), info.deadlines.map(function (d) { return d.date; }))
      .forEach(function (d) { if (!seen[d]) { seen[d] = 1; dates.push(d); } });
    dates.sort();
    build();
    refresh();
  }, function (e) { el('status').textContent = t('error') + ': ' + ((e && e.error) || e); });
})();
