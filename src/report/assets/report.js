/* parley report: draws the charts of a `parley report` page with Apache ECharts (SVG renderer).
   Input: <script id="parley-data" type="application/json"> {lang, labels, charts: {<div id>: {kind, ...}}}
   (in a notebook fragment, report_fragment_html: <script class="parley-data"> inside .parley-charts).
   Every visible string comes from that data. Plain ES2017, no network access. */
(function () {
  'use strict';

  var PALETTE = ['#2f6db5', '#d1495b', '#3a9a5b', '#e69f00', '#7a5195', '#00a3a3', '#8c6d31', '#5f6b76'];
  var GREY = '#aab3bd', MUTED = '#5f6b76', INK = '#1f2328', GRID_LINE = '#e6eaee';
  var SHADOW = { type: 'shadow', shadowStyle: { color: 'rgba(120,130,140,0.12)' } };
  var data, lang, font, zh;
  var charts = [];   // {el, chart, build, spec}
  // The page, or the fragment (class parley-charts: a notebook's output) this script sits in.
  var script = document.currentScript;
  var root = (script && script.closest && script.closest('.parley-charts')) || document;

  // ---------- small helpers ----------
  function label(key, fallback) { var l = data.labels || {}; return l[key] || l.chart_error || fallback; }   // chart messages
  function tpl(s, vars) { return String(s).replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; }); }
  function esc(s) { return echarts.format.encodeHTML(s == null ? '' : String(s)); }
  function br(s) { return esc(s).replace(/\n/g, '<br>'); }
  function join() { return Array.prototype.slice.call(arguments).filter(Boolean).join(zh ? '' : ' '); }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }
  function nf(opts) { try { return new Intl.NumberFormat(lang, opts); } catch (e) { return new Intl.NumberFormat('en', opts); } }
  var F = {};   // number formats, made in main(): u 0.650 (utilities), ua 0.25 (their axes), p 40.9%, pa 20% (axes),
  function fmt(k) { return function (v) { return isNum(v) ? F[k].format(v) : '–'; }; }   // n 33.611, r 47.6 (scales)
  var fmtU = fmt('u'), fmtUA = fmt('ua'), fmtP = fmt('p'), fmtPA = fmt('pa'), fmtN = fmt('n'), fmtR = fmt('r');
  function utc(s) { var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s); return m ? Date.UTC(+m[1], m[2] - 1, +m[3]) : NaN; }
  function fmtDate(s) { return isNaN(utc(s)) ? String(s) : F.d.format(new Date(utc(s))); }
  function dot(color) {
    return '<span style="display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px;background:' + color + '"></span>';
  }
  function head(s) { return '<b>' + esc(s) + '</b>'; }
  function block(s) { return '<div style="margin:3px 0 5px">' + br(s) + '</div>'; }   // multi-line package text
  function row(color, name, value) {
    return '<div>' + (color ? dot(color) : '') + esc(name) + (value === undefined ? '' : ': <b>' + esc(value) + '</b>') + '</div>';
  }
  function tint(hex, k) {   // mix a #rrggbb colour with white (k = share of white)
    var n = parseInt(hex.slice(1), 16), ch = [n >> 16, (n >> 8) & 255, n & 255];
    return 'rgb(' + ch.map(function (v) { return Math.round(v + (255 - v) * k); }).join(',') + ')';
  }
  var measureCtx;
  function textWidth(s, size) {
    measureCtx = measureCtx || document.createElement('canvas').getContext('2d');
    measureCtx.font = (size || 12) + 'px ' + font;
    return measureCtx.measureText(String(s)).width;
  }
  function extent(values, pad, step) {   // [min, max] around the finite values, on multiples of step
    var lo = Infinity, hi = -Infinity;   // a loop: Math.min.apply fails on very long arrays
    values.forEach(function (x) { if (isNum(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); } });
    if (lo > hi) return [0, 1];
    lo -= pad; hi += pad;
    if (!step) step = hi - lo > 1.2 ? 0.2 : hi - lo > 0.5 ? 0.1 : 0.05;
    var a = Math.floor(lo / step + 1e-9) * step, b = Math.ceil(hi / step - 1e-9) * step;
    if (b - a < step / 2) { a -= step; b += step; }
    return [a, b, step].map(function (x) { return +x.toFixed(6); });
  }

  // Common frame: title/subtitle, legend on top, grid below them; returns {option, top, width}.
  function frame(c, el, legendNames, extraTop) {
    var width = el.clientWidth || 800, top = 10, o = {
      animation: false, color: PALETTE,
      textStyle: { fontFamily: font },
      tooltip: { confine: true, textStyle: { fontFamily: font, fontSize: 13 }, extraCssText: 'max-width:420px;white-space:normal;' }
    };
    var sub = c.subtitle || c.note || '';
    if (c.title || sub) {
      var subLines = sub ? Math.ceil(textWidth(sub, 12) / (width - 40)) : 0;
      o.title = { text: c.title || '', subtext: sub, left: 12, top: 8, itemGap: 4,
        textStyle: { fontSize: 15, fontWeight: 600, color: INK },
        subtextStyle: { fontSize: 12, color: MUTED, width: width - 40, overflow: 'break', lineHeight: 16 } };
      top += (c.title ? 24 : 0) + subLines * 16 + 6;
    }
    var names = (legendNames || []).filter(Boolean);
    if (names.length > 1 || (names.length && /^(utility_space|forecast)$/.test(c.kind))) {
      var lines = 1, x = 0;
      names.forEach(function (n) {
        var w = textWidth(n, 12) + 40;
        if (x + w > width - 40 && x > 0) { lines++; x = 0; }
        x += w;
      });
      o.legend = { data: names, top: top, left: 'center', width: width - 40, itemWidth: 18, itemHeight: 10, itemGap: 16,
        textStyle: { fontSize: 12, color: INK } };
      top += lines * 22 + 4;
    }
    return { option: o, top: top + (extraTop || 0) + 8, width: width };
  }
  function grid(top, more) {
    return Object.assign({ top: top, left: 16, right: 28, bottom: 16, outerBoundsMode: 'same', outerBoundsContain: 'all' }, more || {});
  }
  function valueAxis(name, fmt, more) {
    return Object.assign({ type: 'value', name: name || '', nameLocation: 'middle', nameGap: 30,
      nameTextStyle: { color: MUTED, fontSize: 12 }, axisLabel: { formatter: fmt, color: MUTED },
      splitLine: { lineStyle: { color: GRID_LINE } } }, more || {});
  }

  // Put the labels of vertical marker lines in rows above the plot so that they do not overlap.
  // items: [{x: 0..1 share of the plot width, text}]; returns rows used; sets item.row, item.align.
  function packLabels(items, plotWidth, maxRows) {
    var rows = [];
    items.slice().sort(function (a, b) { return a.x - b.x; }).forEach(function (it) {
      var w = textWidth(it.text, 11) + 10, px = it.x * plotWidth;
      it.align = px + w > plotWidth && px - w >= -20 ? 'right' : 'left';
      var a = it.align === 'left' ? px : px - w, b = a + w;
      for (var r = 0; r < maxRows; r++) {
        rows[r] = rows[r] || [];
        if (rows[r].every(function (s) { return b <= s[0] || a >= s[1]; })) { rows[r].push([a, b]); it.row = r; return; }
      }
      it.row = -1;  // no room: tooltip only
    });
    return rows.length;
  }
  function markLineLabel(it) {
    return { show: it.row >= 0, formatter: it.text, position: 'end', align: it.align, distance: 4,
      offset: [it.align === 'left' ? -3 : 3, -it.row * 16], color: it.color || INK, fontSize: 11,
      backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3] };
  }

  // ---------- 1. utility space: packages, ZOPA, Pareto frontier, solutions, named packages ----------
  function utilitySpace(c, el) {
    var L = c.labels || {}, pts = c.points || [], pl = c.package_labels || [];
    var big = pts.length > 3000, size = big ? 3 : pts.length > 800 ? 4 : 6;
    var out = [], inn = [], byXY = {};
    pts.forEach(function (p, i) {
      var idx = p.length > 3 ? p[3] : i;
      (p[2] ? inn : out).push([p[0], p[1], idx]);
      byXY[p[0] + ',' + p[1]] = idx;
    });
    var sols = (c.solutions || []).map(function (s, i) { return Object.assign({ i: i, text: s.label }, s); });
    sols.forEach(function (s, i) {   // coinciding solutions: one label "Nash = KS"
      for (var j = 0; j < i; j++) {
        if (Math.abs(sols[j].x - s.x) < 1e-6 && Math.abs(sols[j].y - s.y) < 1e-6) { sols[j].text += ' = ' + s.label; s.text = ''; break; }
      }
    });
    var named = [];
    (c.named || []).forEach(function (n) {   // coinciding named packages share one marker
      var g = named.filter(function (m) { return Math.abs(m.value[0] - n.x) < 1e-6 && Math.abs(m.value[1] - n.y) < 1e-6; })[0];
      if (g) { g.names.push(n.label); g.pkgs.push(n.package); } else named.push({ value: [n.x, n.y], names: [n.label], pkgs: [n.package] });
    });
    var all = pts.concat(c.pareto || [], sols.map(function (s) { return [s.x, s.y]; }), named.map(function (n) { return n.value; }));
    var xs = all.map(function (p) { return p[0]; }).concat([c.x_reservation]);
    var ys = all.map(function (p) { return p[1]; }).concat([c.y_reservation]);
    var xr = extent(xs, 0), yr = extent(ys, 0);
    var solSymbols = ['diamond', 'triangle', 'pin', 'rect', 'roundRect'], solColors = ['#d1495b', '#e69f00', '#7a5195', '#00a3a3', '#8c6d31'];
    var legend = [L.outside, inn.length ? (L.inside || L.zopa) : null, c.pareto && c.pareto.length ? L.pareto : null]
      .concat(sols.map(function (s) { return s.label; }), named.length ? [L.named || (data.labels || {}).named_package] : []);
    var f = frame(c, el, legend), o = f.option;
    o.grid = grid(f.top, { bottom: 12 });
    o.xAxis = valueAxis(L.x_axis || c.x_name, fmtUA, { min: xr[0], max: xr[1], interval: xr[2], axisLine: { onZero: false } });
    o.yAxis = valueAxis(L.y_axis || c.y_name, fmtUA, { min: yr[0], max: yr[1], interval: yr[2], nameGap: 42, axisLine: { onZero: false } });
    o.tooltip.trigger = 'item';
    var coords = function (x, y) { return row(null, c.x_name, fmtU(x)) + row(null, c.y_name, fmtU(y)); };
    var pkgTip = function (v) {   // v: [x, y, package label index?]
      var idx = v.length > 2 ? v[2] : byXY[v[0] + ',' + v[1]];
      return (idx !== undefined && idx < pl.length ? block(pl[idx]) : '') + coords(v[0], v[1]);
    };
    var resv = { color: '#6b7785', type: 'dashed', width: 1.2 }, hasRes = isNum(c.x_reservation) && isNum(c.y_reservation);
    var side = function (x, text, alt) {   // label to the right of a marker if it fits in the plot, else alt
      var room = (1 - (x - xr[0]) / (xr[1] - xr[0])) * (f.width - 120);
      return textWidth(text, 12) + 24 < room ? 'right' : alt;
    };
    var resLabel = function (name, v, pos) {
      return { formatter: join(name, L.reservation || '') + ' ' + fmtU(v), position: pos, color: '#4b5560', fontSize: 11,
        backgroundColor: 'rgba(255,255,255,0.8)', padding: [1, 3] };
    };
    named.forEach(function (n) { n.label = { position: side(n.value[0], n.names.join(' / '), 'left') }; });
    o.series = [{
      type: 'scatter', name: L.outside, data: out, symbolSize: size, large: big, largeThreshold: 3000,
      itemStyle: { color: GREY, opacity: big ? 0.6 : 0.85 }, z: 2,
      tooltip: { formatter: function (p) { return pkgTip(out[p.dataIndex]); } },   // by index: large mode has no p.data
      markArea: !hasRes ? undefined : { silent: true, itemStyle: { color: 'rgba(58,154,91,0.09)' },
        label: { show: true, position: 'insideTopRight', color: '#2a7a48', fontSize: 12, fontWeight: 600 },
        data: [[{ name: L.zopa || '', xAxis: c.x_reservation, yAxis: c.y_reservation }, { xAxis: xr[1], yAxis: yr[1] }]] },
      markLine: !hasRes ? undefined : { silent: true, symbol: 'none', lineStyle: resv, data: [
        { xAxis: c.x_reservation, label: resLabel(c.x_name, c.x_reservation, 'insideEndTop') },
        { yAxis: c.y_reservation, label: resLabel(c.y_name, c.y_reservation, 'insideStartTop') }] }
    }, {
      type: 'scatter', name: L.inside || L.zopa, data: inn, symbolSize: size + 2, large: big, largeThreshold: 3000,
      itemStyle: { color: '#2a9d5c' }, z: 3, tooltip: { formatter: function (p) { return pkgTip(inn[p.dataIndex]); } }
    }, {
      type: 'line', name: L.pareto, data: c.pareto || [], symbol: 'circle', symbolSize: 5, z: 4,
      lineStyle: { width: 2, color: '#2f6db5' }, itemStyle: { color: '#2f6db5' },
      tooltip: { formatter: function (p) { return head(L.pareto) + '<br>' + pkgTip(p.value); } }
    }];
    sols.forEach(function (s, i) {
      o.series.push({ type: 'scatter', name: s.label, z: 6 + i, symbol: solSymbols[i % 5], symbolSize: Math.max(12, 22 - 4 * i),
        itemStyle: { color: solColors[i % 5], borderColor: '#fff', borderWidth: 1.5 },
        data: [{ value: [s.x, s.y], pkg: s.package, name: s.label }],
        label: { show: !!s.text, formatter: s.text, position: side(s.x, s.text, 'top'), distance: 8, fontWeight: 600, fontSize: 12, color: INK,
          backgroundColor: 'rgba(255,255,255,0.85)', padding: [2, 4], borderRadius: 3 },
        labelLayout: { moveOverlap: 'shiftY' },
        tooltip: { formatter: function (p) { return head(p.data.name) + block(p.data.pkg) + coords(s.x, s.y); } } });
    });
    if (named.length) {
      o.series.push({ type: 'scatter', name: L.named || (data.labels || {}).named_package, data: named, symbolSize: 11, z: 5,
        itemStyle: { color: '#fff', borderColor: INK, borderWidth: 2 },
        label: { show: true, position: 'right', distance: 7, fontSize: 11, color: INK, backgroundColor: 'rgba(255,255,255,0.8)', padding: [1, 3],
          formatter: function (p) { return p.data.names.join(' / '); } },
        labelLayout: { moveOverlap: 'shiftY' },
        tooltip: { formatter: function (p) {
          return p.data.names.map(function (n, k) { return head(n) + block(p.data.pkgs[k]); }).join('') + coords(p.value[0], p.value[1]);
        } } });
    }
    return o;
  }

  // ---------- 2. generic grouped bars ----------
  function bars(c, el) {
    var cats = c.categories || [], ser = c.series || [], fmt = c.percent ? fmtP : fmtN, hor = !!c.horizontal;
    var f = frame(c, el, ser.map(function (s) { return s.name; })), o = f.option;
    var many = cats.length * ser.length > 30;
    var labelWidth = hor ? Math.min(300, f.width * 0.34) : Math.max(40, (f.width - 100) / Math.max(1, cats.length) - 8);
    var catAxis = { type: 'category', data: cats, inverse: hor, axisTick: { alignWithLabel: true },
      axisLabel: { interval: 0, color: INK, overflow: 'break', width: labelWidth } };
    var valAxis = valueAxis(c.value_label, c.percent ? fmtPA : fmt, { max: isNum(c.max) ? c.max : null, nameGap: hor ? 30 : 42 });
    o.grid = grid(f.top, { right: hor && !many ? 56 : 28 });
    o.xAxis = hor ? valAxis : catAxis;
    o.yAxis = hor ? catAxis : valAxis;
    o.tooltip.trigger = 'axis';
    o.tooltip.axisPointer = SHADOW;
    o.tooltip.formatter = function (ps) {
      return head(ps[0].name) + ps.map(function (p) { return row(p.color, p.seriesName, fmt(p.value)); }).join('');
    };
    o.series = ser.map(function (s) {
      return { type: 'bar', name: s.name, data: s.values, barMaxWidth: 34, barGap: '15%',
        label: { show: !many, position: hor ? 'right' : 'top', fontSize: 11, color: INK, formatter: function (p) { return fmt(p.value); } } };
    });
    return o;
  }

  // ---------- 3. tornado: p_deal at each parameter's 10th and 90th percentile, around the base ----------
  function tornado(c, el) {
    var params = c.parameters || [], base = c.base, lowC = '#2f6db5', highC = '#e69f00';
    var f = frame(c, el, [c.low_label, c.high_label], 14), o = f.option;
    o.grid = grid(f.top, { right: 36 });
    o.xAxis = valueAxis(c.value_label, fmtPA, { min: 0, max: 1 });
    o.yAxis = { type: 'category', data: params, inverse: true, axisTick: { show: false },
      axisLabel: { color: INK, fontSize: 11, width: Math.min(280, f.width * 0.34), overflow: 'truncate' } };
    o.tooltip.trigger = 'axis';
    o.tooltip.axisPointer = SHADOW;
    o.tooltip.formatter = function (ps) {
      var v = ps[0] && ps[0].value;
      if (!v) return '';
      return head(params[v[0]]) + row(lowC, c.low_label, fmtP(v[1])) + row(highC, c.high_label, fmtP(v[2])) +
        row(null, c.base_label || c.value_label, fmtP(base));
    };
    o.legend && (o.legend.selectedMode = false);
    o.series = [{ type: 'bar', name: c.low_label, data: [], itemStyle: { color: lowC } },
      { type: 'bar', name: c.high_label, data: [], itemStyle: { color: highC } }, {
      type: 'custom', name: c.value_label, encode: { x: [1, 2], y: 0 },
      data: params.map(function (p, i) { return [i, c.low[i], c.high[i]]; }),
      renderItem: function (p, api) {
        var i = api.value(0), h = api.size([0, 1])[1] * 0.6, b = api.coord([base, i]);
        var bars = [[api.value(1), lowC], [api.value(2), highC]].filter(function (d) { return isNum(d[0]); })
          .map(function (d) { return { v: d[0], color: d[1], x: api.coord([d[0], i])[0] }; })
          .sort(function (a, z) { return Math.abs(z.x - b[0]) - Math.abs(a.x - b[0]); });
        var kids = [];
        bars.forEach(function (d, k) {
          var left = d.x < b[0], same = k > 0 && (bars[0].x < b[0]) === left;
          kids.push({ type: 'rect', shape: { x: Math.min(d.x, b[0]), y: b[1] - h / 2, width: Math.max(1, Math.abs(d.x - b[0])), height: h },
            style: { fill: d.color } });
          if (!same) kids.push({ type: 'text', style: { text: fmtP(d.v), x: d.x + (left ? -4 : 4), y: b[1], align: left ? 'right' : 'left',
            verticalAlign: 'middle', fontSize: 11, fontFamily: font, fill: INK } });
        });
        return { type: 'group', children: kids };
      },
      markLine: { silent: true, symbol: 'none', lineStyle: { color: INK, type: 'solid', width: 1.2 },
        label: { formatter: join(c.base_label || '', fmtP(base)), position: 'start', fontSize: 11, color: INK },
        data: [{ xAxis: base }] }
    }];
    return o;
  }

  // ---------- 4. timeline: series over dates, events and deadlines as vertical lines ----------
  function timeline(c, el) {
    var dates = c.dates || [], ser = c.series || [], marks = c.marks || [], axes = c.axis_labels || [];
    var two = ser.some(function (s) { return s.axis === 1; });
    var t0 = utc(dates[0]), t1 = utc(dates[dates.length - 1]);
    var items = marks.map(function (m) {
      return { x: (utc(m.date) - t0) / Math.max(1, t1 - t0), text: m.label, color: MARK_COLORS[m.kind] || '#4b5560' };
    });
    var rows = packLabels(items, (el.clientWidth || 800) - 140, 6);
    var f = frame(c, el, ser.map(function (s) { return s.name; }), rows * 16 + 4), o = f.option;
    o.grid = grid(f.top, { right: two ? 16 : 28 });
    o.xAxis = { type: 'time', min: dates[0], max: dates[dates.length - 1], axisLabel: { color: MUTED, hideOverlap: true },
      splitLine: { show: false } };
    o.yAxis = [valueAxis(axes[0], fmtN, { nameGap: 40 })];
    if (two) o.yAxis.push(valueAxis(axes[1], fmtN, { nameGap: 40, splitLine: { show: false } }));
    o.tooltip.trigger = 'axis';
    o.tooltip.formatter = function (ps) {
      if (!ps.length) return '';
      return head(fmtDate(dates[ps[0].dataIndex])) +
        ps.map(function (p) { return row(p.color, p.seriesName, fmtN(p.value[1])); }).join('');
    };
    o.series = ser.map(function (s, k) {
      return { type: 'line', name: s.name, yAxisIndex: two && s.axis === 1 ? 1 : 0, step: s.step ? 'end' : false,
        connectNulls: false, showSymbol: dates.length <= 40, symbolSize: 5, lineStyle: { width: 2 },
        data: dates.map(function (d, i) { return [d, s.values[i] === undefined ? null : s.values[i]]; }) };
    });
    if (marks.length) {   // on a series of their own, so that they also show without data series
      o.series.push({ type: 'line', data: [], markLine: { symbol: 'none',
        tooltip: { trigger: 'item', formatter: function (p) { return head(fmtDate(p.data.date)) + '<br>' + esc(p.data.name); } },
        emphasis: { lineStyle: { width: 2.5 } },
        data: marks.map(function (m, i) {
          var dl = m.kind === 'deadline', ev = !MARK_COLORS[m.kind];   // events thin, deadlines dashed, outcomes bold
          return { xAxis: m.date, name: m.label, date: m.date, label: markLineLabel(items[i]),
            lineStyle: { color: items[i].color, type: dl ? 'dashed' : 'solid', width: ev ? 1 : dl ? 1.6 : 2.2, opacity: ev ? 0.75 : 1 } };
        }) } });
    }
    return o;
  }

  var MARK_COLORS = { deadline: '#b42318', agreement: '#2a7a48', breakdown: '#8c4a00' };

  // ---------- 4b. paths: moves in the utility plane of two parties (offers, drafts) over the Pareto frontier ----------
  function paths(c, el) {
    var L = c.labels || {}, ser = c.series || [], marks = c.marks || [], tips = c.tips || [];
    var all = (c.pareto || []).slice();
    ser.forEach(function (s) { all = all.concat(s.points || []); });
    marks.forEach(function (m) { all.push([m.x, m.y]); });
    var xr = extent(all.map(function (p) { return p[0]; }).concat([c.x_reservation]), 0.02);
    var yr = extent(all.map(function (p) { return p[1]; }).concat([c.y_reservation]), 0.02);
    var markSymbols = ['pin', 'diamond', 'triangle', 'rect'], markColors = ['#2a7a48', '#d1495b', '#e69f00', '#7a5195'];
    var legend = [c.pareto && c.pareto.length ? L.pareto : null].concat(ser.map(function (s) { return s.name; }),
      marks.map(function (m) { return m.label; }));
    var f = frame(c, el, legend), o = f.option;
    o.grid = grid(f.top, { bottom: 12 });
    o.xAxis = valueAxis(L.x_axis || c.x_name, fmtUA, { min: xr[0], max: xr[1], interval: xr[2], axisLine: { onZero: false } });
    o.yAxis = valueAxis(L.y_axis || c.y_name, fmtUA, { min: yr[0], max: yr[1], interval: yr[2], nameGap: 42, axisLine: { onZero: false } });
    o.tooltip.trigger = 'item';
    var coords = function (x, y) { return row(null, c.x_name, fmtU(x)) + row(null, c.y_name, fmtU(y)); };
    var tip = function (name, v) {
      return head(name) + (v.length > 2 && v[2] < tips.length ? block(tips[v[2]]) : '<br>') + coords(v[0], v[1]);
    };
    var resv = { color: '#6b7785', type: 'dashed', width: 1.2 }, hasRes = isNum(c.x_reservation) && isNum(c.y_reservation);
    o.series = [{
      type: 'line', name: L.pareto, data: c.pareto || [], symbol: 'circle', symbolSize: 4, z: 2,
      lineStyle: { width: 2, color: '#9dbfe6' }, itemStyle: { color: '#9dbfe6' },
      tooltip: { formatter: function (p) { return tip(L.pareto, p.value); } },
      markLine: !hasRes ? undefined : { silent: true, symbol: 'none', lineStyle: resv, data: [
        { xAxis: c.x_reservation, label: { formatter: join(c.x_name, L.reservation || '') + ' ' + fmtU(c.x_reservation),
          position: 'insideEndTop', color: '#4b5560', fontSize: 11 } },
        { yAxis: c.y_reservation, label: { formatter: join(c.y_name, L.reservation || '') + ' ' + fmtU(c.y_reservation),
          position: 'insideStartTop', color: '#4b5560', fontSize: 11 } }] }
    }];
    ser.forEach(function (s, k) {
      var color = s.type === 'points' ? GREY : PALETTE[k % 8];
      var line = s.type === 'path', pts = s.points || [];
      o.series.push({ type: line ? 'line' : 'scatter', name: s.name, data: pts, z: line ? 4 : 3,
        symbol: 'circle', symbolSize: line ? 7 : 6, itemStyle: { color: color, opacity: line ? 1 : 0.7 },
        lineStyle: line ? { width: 1.6, color: color, opacity: 0.85 } : undefined,
        tooltip: { formatter: function (p) { return tip(s.name, p.value); } } });
    });
    marks.forEach(function (m, i) {
      o.series.push({ type: 'scatter', name: m.label, z: 8 + i, symbol: markSymbols[i % 4], symbolSize: Math.max(12, 20 - 3 * i),
        itemStyle: { color: markColors[i % 4], borderColor: '#fff', borderWidth: 1.5 },
        data: [{ value: [m.x, m.y], name: m.label }],
        label: { show: true, formatter: m.label, position: 'right', distance: 8, fontSize: 12, fontWeight: 600, color: INK,
          backgroundColor: 'rgba(255,255,255,0.85)', padding: [2, 4], borderRadius: 3 },
        labelLayout: { moveOverlap: 'shiftY' },
        tooltip: { formatter: function () { return head(m.label) + block(m.package || '') + coords(m.x, m.y); } } });
    });
    return o;
  }

  // ---------- 4c. probability: P(event by date) as a curve with its interval as a band, and points ----------
  function probability(c, el) {
    var L = c.labels || {}, dates = c.dates || [], pts = c.points || [];
    var f = frame(c, el, [L.p, L.interval]), o = f.option;
    o.grid = grid(f.top);
    o.xAxis = { type: 'time', min: dates[0], max: dates[dates.length - 1], axisLabel: { color: MUTED, hideOverlap: true },
      splitLine: { show: false } };
    o.yAxis = valueAxis(L.value, fmtPA, { min: 0, max: 1, nameGap: 40 });
    o.tooltip.trigger = 'axis';
    o.tooltip.formatter = function (ps) {
      var q = ps.filter(function (p) { return p.seriesType === 'line'; })[0];
      if (!q) return '';
      var i = q.dataIndex;
      return head(fmtDate(dates[i])) + row('#2f6db5', L.p, fmtP(c.p[i])) + row(null, L.interval, fmtP(c.low[i]) + ' – ' + fmtP(c.high[i]));
    };
    var pair = function (a) { return dates.map(function (d, i) { return [d, a[i]]; }); };
    o.series = [
      { type: 'line', name: 'low', data: pair(c.low || []), stack: 'band', symbol: 'none',
        lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true },
      { type: 'line', name: L.interval, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(47,109,181,0.18)' }, itemStyle: { color: 'rgba(47,109,181,0.35)' }, silent: true,
        data: dates.map(function (d, i) { return [d, (c.high[i] || 0) - (c.low[i] || 0)]; }) },
      { type: 'line', name: L.p, data: pair(c.p || []), symbol: 'circle', symbolSize: 5,
        showSymbol: dates.length <= 40, lineStyle: { width: 2.2, color: '#2f6db5' }, itemStyle: { color: '#2f6db5' } }];
    if (pts.length) {
      o.series.push({ type: 'scatter', name: 'points', symbol: 'diamond', symbolSize: 11, z: 6,
        itemStyle: { color: '#b42318' },
        data: pts.map(function (p) { return { value: [p.date, p.p], name: p.label, low: p.low, high: p.high }; }),
        label: { show: true, formatter: function (q) { return q.name; }, position: 'top', fontSize: 11, color: INK,
          backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3] },
        labelLayout: { hideOverlap: true },
        tooltip: { trigger: 'item', formatter: function (q) {
          return head(q.name) + row(null, fmtDate(q.data.value[0]), fmtP(q.data.value[1])) +
            row(null, L.interval, fmtP(q.data.low) + ' – ' + fmtP(q.data.high));
        } } });
    }
    return o;
  }

  // ---------- 5. plan: utility kept after each stage (top), gain from defecting at each stage (bottom) ----------
  function plan(c, el) {
    var L = c.labels || {}, stages = c.stages || [], parties = c.parties || [];
    var f = frame(c, el, parties, 24), o = f.option, h = (el.clientHeight || 420) - f.top;
    var top2 = f.top + h * 0.5 + 28, plotW = f.width - 120;
    var cum = function (p) { return stages.map(function (s, i) { return (c.cumulative[i] || [])[p]; }); };
    var dev = function (p) { return stages.map(function (s, i) { return (c.deviation[i] || [])[p]; }); };
    var vals = [].concat.apply([], c.cumulative || []).concat(c.reservation || [], c.completion || []);
    var yr = extent(vals, 0.03, 0.1);
    o.title = [].concat(o.title || [], [
      { text: L.cumulative || '', left: 14, top: f.top - 26, textStyle: { fontSize: 12, fontWeight: 'normal', color: MUTED } },
      { text: L.deviation || '', left: 14, top: top2 - 26, textStyle: { fontSize: 12, fontWeight: 'normal', color: MUTED } }]);
    var fixed = { left: 62, right: 28, outerBoundsMode: 'none' };   // both grids: same x positions
    o.grid = [grid(f.top, Object.assign({ bottom: null, height: h * 0.5 - 20 }, fixed)), grid(top2, Object.assign({ bottom: 62 }, fixed))];
    o.xAxis = [{ type: 'category', data: stages, gridIndex: 0, axisLabel: { show: false }, axisTick: { show: false } },
      { type: 'category', data: stages, gridIndex: 1, name: L.stage || '', nameLocation: 'middle', nameGap: 30,
        nameTextStyle: { color: MUTED },
        axisLabel: { interval: 0, color: INK, overflow: 'break', width: plotW / Math.max(1, stages.length) - 10 } }];
    o.yAxis = [valueAxis('', fmtUA, { gridIndex: 0, min: yr[0], max: yr[1] }),
      valueAxis('', fmtUA, { gridIndex: 1, splitNumber: 2, axisLabel: { formatter: fmtUA, color: MUTED, hideOverlap: true } })];
    o.axisPointer = { link: [{ xAxisIndex: 'all' }] };
    o.tooltip.trigger = 'axis';
    o.tooltip.axisPointer = SHADOW;
    o.tooltip.formatter = function (ps) {
      var i = ps[0].dataIndex;
      return head(stages[i]) + parties.map(function (p, k) {
        return row(PALETTE[k % 8], p) +
          '<div style="margin-left:15px">' + esc(L.cumulative || '') + ': <b>' + fmtU(cum(k)[i]) + '</b><br>' +
          esc(L.deviation || '') + ': <b>' + fmtU(dev(k)[i]) + '</b></div>';
      }).join('');
    };
    o.series = [];
    parties.forEach(function (p, k) {
      var color = PALETTE[k % 8], lines = [];
      var res = (c.reservation || [])[k], done = (c.completion || [])[k];
      if (isNum(res)) lines.push({ yAxis: res, lineStyle: { type: 'dashed', color: color, width: 1.3 },
        label: { formatter: join(p, L.reservation || '') + ' ' + fmtU(res), position: 'insideEndBottom', color: color, fontSize: 11 } });
      if (isNum(done)) lines.push({ yAxis: done, lineStyle: { type: 'dotted', color: color, width: 1.3, opacity: 0.8 },
        label: { formatter: join(p, L.completion || '') + ' ' + fmtU(done), position: 'insideStartTop', color: color, fontSize: 11,
          backgroundColor: 'rgba(255,255,255,0.8)', padding: [1, 3] } });
      o.series.push({ type: 'line', name: p, xAxisIndex: 0, yAxisIndex: 0, data: cum(k), symbol: 'circle', symbolSize: 8,
        lineStyle: { width: 2.2, color: color }, itemStyle: { color: color },
        markLine: { silent: true, symbol: 'none', data: lines } });
      o.series.push({ type: 'bar', name: p, xAxisIndex: 1, yAxisIndex: 1, barMaxWidth: 30, itemStyle: { color: color },
        data: dev(k).map(function (v) { return { value: v, itemStyle: { color: v > 0 ? color : tint(color, 0.55) } }; }),
        label: { show: stages.length * parties.length <= 16, position: 'outside', fontSize: 10, color: INK,
          formatter: function (q) { return fmtU(q.value); } } });
    });
    return o;
  }

  // ---------- 6. interval: one probability with its 95% interval ----------
  function interval(c, el) {
    var f = frame(c, el, []), o = f.option, ink = '#1f3f66';
    o.grid = grid(f.top + 18, { right: 36, bottom: 10 });
    o.xAxis = valueAxis(c.value_label, fmtPA, { min: 0, max: 1, nameGap: 26 });
    o.yAxis = { type: 'category', data: [c.label || ''], axisTick: { show: false }, axisLabel: { color: INK, fontWeight: 600 } };
    o.tooltip.trigger = 'item';
    o.tooltip.formatter = function () {
      return head(c.label || c.value_label) + row(null, c.value_label, fmtP(c.value)) +
        row(null, c.interval_label || '95%', fmtP(c.low) + ' – ' + fmtP(c.high));
    };
    o.series = [{ type: 'bar', data: [c.value], barWidth: '46%', itemStyle: { color: '#9dbfe6', borderRadius: [0, 3, 3, 0] } }, {
      type: 'custom', data: [[c.value, 0, c.low, c.high]], encode: { x: [0, 2, 3], y: 1 }, z: 5,
      renderItem: function (p, api) {
        var y = api.coord([0, 0])[1], h = api.size([0, 1])[1] * 0.46, a = api.coord([c.low, 0])[0], b = api.coord([c.high, 0])[0];
        var v = api.coord([c.value, 0])[0], s = { stroke: ink, lineWidth: 2 };
        var text = fmtP(c.value) + '  (' + (c.interval_label ? c.interval_label + ' ' : '') + fmtP(c.low) + ' – ' + fmtP(c.high) + ')';
        return { type: 'group', children: [
          { type: 'line', shape: { x1: a, y1: y, x2: b, y2: y }, style: s },
          { type: 'line', shape: { x1: a, y1: y - h / 3, x2: a, y2: y + h / 3 }, style: s },
          { type: 'line', shape: { x1: b, y1: y - h / 3, x2: b, y2: y + h / 3 }, style: s },
          { type: 'circle', shape: { cx: v, cy: y, r: 4.5 }, style: { fill: ink } },
          { type: 'text', style: { text: text, x: v, y: y - h / 2 - 6, align: v > api.getWidth() * 0.7 ? 'right' : 'center',
            verticalAlign: 'bottom', fontSize: 13, fontWeight: 600, fontFamily: font, fill: INK } }] };
      } }];
    return o;
  }

  // ---------- 7. forecast: positions (x) by salience (y), forecasts as vertical lines, optional rounds below ----------
  function forecast(c, el) {
    var L = c.labels || {}, range = c.range || [0, 100], pos = c.positions || [], fcs = c.forecasts || [];
    var rounds = c.rounds && c.rounds.series && c.rounds.series.length ? c.rounds.series : null;
    var span = (range[1] - range[0]) || 1, groups = [];
    var FC = ['#d1495b', '#3a9a5b', '#e69f00', '#7a5195', '#b42318'], RC = ['#00a3a3', '#8c6d31', '#2f6db5', '#5f6b76'];
    fcs.forEach(function (fc) {   // forecasts at (almost) the same value share one line
      var g = groups.filter(function (x) { return Math.abs(x.value - fc.value) < span / 200; })[0];
      if (g) g.models.push(fc.model); else groups.push({ value: fc.value, models: [fc.model] });
    });
    var items = groups.map(function (g, i) {
      return { x: (g.value - range[0]) / span, text: g.models.join(' = ') + ' ' + fmtR(g.value), color: FC[i % FC.length] };
    });
    var nrows = packLabels(items, (el.clientWidth || 800) - 110, 4);
    var f = frame(c, el, rounds ? rounds.map(function (s) { return s.name; }) : [], nrows * 16 + 4), o = f.option;
    var h = (el.clientHeight || 420) - f.top, top2 = f.top + h * 0.6 + 10;
    var maxS = Math.max.apply(null, pos.map(function (p) { return p.salience; }).concat([1]));
    var dots = [];   // actors at the same point share one dot; labels go left near the right end
    pos.forEach(function (p) {
      var d = dots.filter(function (q) { return q.value[0] === p.position && q.value[1] === p.salience; })[0];
      if (d) { d.name += ' / ' + p.name; return; }
      var right = (p.position - range[0]) / span > 0.7;
      dots.push({ value: [p.position, p.salience], name: p.name, label: { position: right ? 'left' : 'right' } });
    });
    var fixed = rounds ? { left: 78, right: 28, outerBoundsMode: 'none' } : {};   // both grids: same x positions
    o.grid = [grid(f.top, Object.assign(rounds ? { bottom: null, height: h * 0.6 - 70 } : {}, fixed))];
    o.xAxis = [valueAxis(L.position, fmtN, { min: range[0], max: range[1], nameGap: 26 })];
    o.yAxis = [valueAxis(L.salience, fmtN, { min: 0, max: maxS <= 100 ? 100 : Math.ceil(maxS / 10) * 10, nameGap: 36, offset: 14 })];
    o.tooltip.trigger = 'item';
    o.series = [{ type: 'scatter', name: L.position, z: 4,
      data: dots,
      symbolSize: function (v) { return 8 + 20 * Math.sqrt(Math.max(0, v[1]) / maxS); },
      itemStyle: { color: '#2f6db5', opacity: 0.8, borderColor: '#fff', borderWidth: 1 },
      label: { show: true, position: 'right', distance: 6, formatter: '{b}', fontSize: 11, color: INK,
        backgroundColor: 'rgba(255,255,255,0.75)', padding: [1, 2] },
      labelLayout: { moveOverlap: 'shiftY' },
      tooltip: { formatter: function (p) {
        return head(p.name) + row(null, L.position, fmtR(p.value[0])) + row(null, L.salience, fmtR(p.value[1]));
      } },
      markLine: { symbol: 'none', tooltip: { formatter: function (p) { return head(L.forecast || '') + '<br>' + esc(p.name); } },
        data: groups.map(function (g, i) {
          return { xAxis: g.value, name: items[i].text, label: markLineLabel(items[i]),
            lineStyle: { color: items[i].color, type: 'dashed', width: 1.6 } };
        }) } }];
    if (rounds) {   // per-round trajectories, same x axis as above, rounds going down
      var n = Math.max.apply(null, rounds.map(function (s) { return s.values.length; }));
      o.grid.push(grid(top2, Object.assign({ bottom: 30 }, fixed)));
      o.xAxis.push(valueAxis('', fmtN, { gridIndex: 1, min: range[0], max: range[1] }));
      o.yAxis.push(valueAxis(L.round, fmtN, { gridIndex: 1, inverse: true, min: 0, max: Math.max(1, n - 1), minInterval: 1,
        nameGap: 36, offset: 14 }));
      rounds.forEach(function (s, k) {
        o.series.push({ type: 'line', name: s.name, xAxisIndex: 1, yAxisIndex: 1, symbolSize: 5, color: RC[k % RC.length],
          data: s.values.map(function (v, r) { return [v, r]; }),
          tooltip: { formatter: function (p) {
            return head(p.seriesName) + row(null, L.round, p.value[1]) + row(null, L.position, fmtR(p.value[0]));
          } } });
      });
    }
    return o;
  }

  var BUILDERS = { utility_space: utilitySpace, bars: bars, tornado: tornado, timeline: timeline, plan: plan,
    interval: interval, forecast: forecast, paths: paths, probability: probability };
  function some(a) { return Array.isArray(a) && a.length > 0; }
  var HAS_DATA = {   // without these the chart would be empty: show the "no data" message instead
    utility_space: function (c) { return some(c.points) || some(c.pareto); },
    bars: function (c) { return some(c.categories) && some(c.series); },
    tornado: function (c) { return some(c.parameters) && isNum(c.base); },
    timeline: function (c) { return some(c.dates) && (some(c.series) || some(c.marks)); },
    plan: function (c) { return some(c.stages) && some(c.parties) && some(c.cumulative); },
    interval: function (c) { return isNum(c.value); },
    forecast: function (c) { return some(c.positions) || some(c.forecasts); },
    paths: function (c) { return some(c.series) || some(c.pareto); },
    probability: function (c) { return some(c.dates) && some(c.p); }
  };

  // ---------- drawing, readiness, resizing, printing ----------
  var pending = 0, started = false;
  function ready() { if (started && pending === 0) document.body.dataset.chartsReady = '1'; }
  function fail(el, msg, why) {
    console.warn('parley report: chart #' + el.id + ': ' + why);
    var p = document.createElement('p');
    p.className = 'chart-error';
    p.textContent = msg;
    el.textContent = '';
    el.appendChild(p);
  }
  function draw(el) {
    var c = data.charts && data.charts[el.id];
    if (!c || typeof c !== 'object') return fail(el, label('chart_missing', 'No data for this chart.'), 'no data');
    var build = BUILDERS[c.kind];
    if (!build) return fail(el, tpl(label('chart_unknown', 'Unknown chart kind: {kind}'), { kind: c.kind }), 'unknown kind ' + c.kind);
    if (!HAS_DATA[c.kind](c)) return fail(el, label('chart_missing', 'No data for this chart.'), 'empty ' + c.kind);
    el.setAttribute('data-kind', c.kind);
    if (c.kind === 'forecast' && c.rounds) el.setAttribute('data-rounds', '1');
    var chart = echarts.init(el, null, { renderer: 'svg', locale: data.lang === 'zh-TW' ? 'ZH' : 'EN' });
    var done = false;
    pending++;
    chart.on('finished', function () { if (!done) { done = true; pending--; ready(); } });
    try {
      chart.setOption(build(c, el));
      charts.push({ el: el, chart: chart, build: build, spec: c, size: el.clientWidth + 'x' + el.clientHeight });
    } catch (e) {
      chart.dispose();
      if (!done) { done = true; pending--; }
      fail(el, label('chart_failed', 'This chart could not be drawn.'), e && e.stack || e);
    }
  }
  var timer = 0;
  function relayout(x) {   // layout (label rows, legend lines) depends on the size: rebuild the option
    var size = x.el.clientWidth + 'x' + x.el.clientHeight;
    if (size === x.size) return;
    x.size = size;
    x.chart.resize();
    x.chart.setOption(x.build(x.spec, x.el), true);
  }
  function redrawAll() { charts.forEach(function (x) { relayout(x); }); }
  var opened = [];
  function beforePrint() {
    document.querySelectorAll('details:not([open])').forEach(function (d) { d.open = true; opened.push(d); });
    charts.forEach(function (x) {   // A4 and Letter pages are a little over 700 px wide inside the margins
      if (x.el.clientWidth > 700) { x.el.style.width = '700px'; relayout(x); }
    });
  }
  function afterPrint() {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
    charts.forEach(function (x) { x.el.style.width = ''; relayout(x); });
  }

  function main() {
    var node = root === document ? document.getElementById('parley-data') : root.querySelector('script.parley-data');
    try { data = JSON.parse(node ? node.textContent : '{}'); } catch (e) { data = {}; console.warn('parley report: bad data block: ' + e); }
    lang = data.lang || document.documentElement.lang || 'en';
    zh = /^zh/i.test(lang);
    font = getComputedStyle(document.body).fontFamily;
    F.u = nf({ minimumFractionDigits: 3, maximumFractionDigits: 3 });
    F.ua = nf({ minimumFractionDigits: 1, maximumFractionDigits: 2 });
    F.p = nf({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    F.pa = nf({ style: 'percent', maximumFractionDigits: 1 });
    F.n = nf({ maximumFractionDigits: 3 });
    F.r = nf({ maximumFractionDigits: 1 });
    var dopt = { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
    try { F.d = new Intl.DateTimeFormat(lang, dopt); } catch (e) { F.d = new Intl.DateTimeFormat('en', dopt); }
    var els = root.querySelectorAll('.chart');
    if (typeof echarts === 'undefined') {
      els.forEach(function (el) { fail(el, label('chart_failed', 'This chart could not be drawn.'), 'ECharts is missing'); });
    } else {
      els.forEach(draw);
    }
    started = true;
    ready();
    window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(redrawAll, 150); });
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
  else main();
})();
