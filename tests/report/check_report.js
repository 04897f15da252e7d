#!/usr/bin/env node
// Headless-Chromium check of `parley report` HTML files.
//   node check_report.js OUTDIR FILE.html [FILE.html ...]
// Per file: the page is offline (every request but the file itself is aborted and counted as a
// failure), logs no console error and throws no page error, signals body[data-charts-ready="1"],
// every .chart holds a drawn <svg> and no error message, Chinese text has real glyphs (zh-TW
// pages), hovering a point shows a tooltip; a full-page screenshot goes to OUTDIR/<name>.png.
// Prints one PASS/FAIL line per check and "N passed, M failed"; exits 1 if any check failed.
// Chromium: $PARLEY_CHROMIUM, /usr/lib/chromium/chromium or /usr/bin/chromium (first that exists).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const READY_TIMEOUT_MS = 30000;
const TOOLTIP_TIMEOUT_MS = 3000;

let passed = 0;
let failed = 0;
function report(ok, file, check, detail) {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${file}: ${check}${detail ? ` (${detail})` : ''}`);
}

function findChromium() {
  const candidates = [process.env.PARLEY_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  return candidates.find((p) => p && fs.existsSync(p));
}

// In the page: what each .chart container drew.
function inspectCharts() {
  let specs = {};
  try { specs = JSON.parse(document.getElementById('parley-data').textContent).charts || {}; } catch (e) { /* reported per chart */ }
  return [...document.querySelectorAll('.chart')].map((el) => {
    const svg = el.querySelector('svg');
    const kind = el.dataset.kind || (specs[el.id] && specs[el.id].kind) || 'no data';
    const r = { id: el.id, kind, error: '', w: 0, h: 0, shapes: 0 };
    const err = el.querySelector('.chart-error');
    if (err) r.error = err.textContent.trim() || 'error message shown';
    if (svg) {
      const b = svg.getBoundingClientRect();
      r.w = Math.round(b.width);
      r.h = Math.round(b.height);
      r.shapes = [...svg.querySelectorAll('path,rect,circle,ellipse,line,polyline,polygon,text,image')]
        .filter((s) => { const bb = s.getBBox(); return bb.width > 0 || bb.height > 0; }).length;
    }
    return r;
  });
}

// In the page: screen position of the first data point of the first chart with a scatter
// series (else a line series), via the ECharts API.
function firstPoint() {
  if (typeof echarts === 'undefined') return null;
  for (const type of ['scatter', 'line']) {
    for (const el of document.querySelectorAll('.chart')) {
      const chart = echarts.getInstanceByDom(el);
      if (!chart) continue;
      const series = chart.getOption().series || [];
      for (let i = 0; i < series.length; i++) {
        const s = series[i];
        if (s.type !== type || !Array.isArray(s.data) || !s.data.length) continue;
        const d = s.data[0];
        const v = Array.isArray(d) ? d : d && Array.isArray(d.value) ? d.value : null;
        if (!v || typeof v[1] !== 'number') continue;
        const px = chart.convertToPixel({ seriesIndex: i }, [v[0], v[1]]);
        if (!px || !isFinite(px[0]) || !isFinite(px[1])) continue;
        el.scrollIntoView({ block: 'center' });
        const b = el.getBoundingClientRect();
        return { id: el.id, series: s.name || type, x: b.left + px[0], y: b.top + px[1] };
      }
    }
  }
  return null;
}

// In the page: the visible ECharts tooltip inside chart #id (a <div> without <svg>), if any.
function visibleTooltip(id) {
  const el = document.getElementById(id);
  const tip = [...el.querySelectorAll('div')].find((d) => {
    if (d.querySelector('svg')) return false;
    const cs = getComputedStyle(d);
    return cs.display !== 'none' && cs.visibility !== 'hidden' && Number(cs.opacity) > 0 && d.textContent.trim() !== '';
  });
  return tip ? tip.textContent.trim().replace(/\s+/g, ' ') : null;
}

// In the page: draw each distinct Han character in the page font; a glyph that renders exactly
// like an unassigned code point (U+10FFFD) is tofu. Covers HTML text and SVG chart text.
function tofuCheck() {
  const font = `24px ${getComputedStyle(document.body).fontFamily}`;
  const canvas = document.createElement('canvas');
  canvas.width = 40;
  canvas.height = 40;
  const g = canvas.getContext('2d');
  const draw = (s) => { g.clearRect(0, 0, 40, 40); g.font = font; g.fillText(s, 4, 30); return canvas.toDataURL(); };
  const text = document.body.innerText + [...document.querySelectorAll('svg text')].map((t) => t.textContent).join('');
  const han = [...new Set([...text].filter((ch) => /\p{Script=Han}/u.test(ch)))];
  const box = draw('\u{10FFFD}');
  const tofu = han.filter((ch) => draw(ch) === box);
  return { han: han.length, tofu: tofu.slice(0, 20).join('') };
}

async function checkFile(browser, file, outDir) {
  const name = path.basename(file);
  const url = 'file://' + path.resolve(file);
  const t0 = Date.now();
  const requests = new Set();
  const errors = [];
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    requests.add(u);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => { const u = r.url(); if (u !== url && !u.startsWith('data:')) requests.add(u); });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    else if (m.type() === 'warning') console.log(`     warning in ${name}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));

  try {
    if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
    await page.goto(url, { waitUntil: 'load' });

    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy" i]', (m) => m.content).catch(() => '');
    report(/default-src 'none'/.test(csp), name, 'Content-Security-Policy meta with default-src \'none\'', csp || 'missing');

    let ready = true;
    await page.waitForSelector('body[data-charts-ready="1"]', { state: 'attached', timeout: READY_TIMEOUT_MS })
      .catch(() => { ready = false; });
    report(ready, name, 'charts signal ready', ready ? `${Date.now() - t0} ms after start` : `not within ${READY_TIMEOUT_MS / 1000} s`);

    const charts = await page.evaluate(inspectCharts);
    if (charts.length === 0) report(false, name, 'page has .chart containers', 'none found');
    for (const c of charts) {
      const ok = !c.error && c.w > 0 && c.h > 0 && c.shapes >= 3;
      const detail = c.error ? `shows "${c.error}"` : c.w ? `svg ${c.w}x${c.h}, ${c.shapes} shapes` : 'no <svg>';
      report(ok, name, `chart #${c.id} (${c.kind}) drawn`, detail);
    }

    const lang = await page.evaluate(() => document.documentElement.lang || '');
    if (/^zh/i.test(lang)) {
      const g = await page.evaluate(tofuCheck);
      const cdp = await context.newCDPSession(page);
      let fonts = '';
      try {
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument');
        for (const selector of ['h1', 'h2', 'p']) {   // fonts Chromium used for the first such element
          const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
          if (!nodeId) continue;
          const r = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
          fonts = [...new Set(r.fonts.map((f) => f.familyName))].join(', ');
          if (fonts) break;
        }
      } catch (e) { fonts = `fonts unknown: ${e.message}`; }
      await cdp.detach().catch(() => {});
      report(g.han > 0 && !g.tofu, name, `Chinese text has glyphs (lang=${lang})`,
        g.han === 0 ? 'no Han characters found' : g.tofu ? `tofu: ${g.tofu}` : `${g.han} distinct Han characters; fonts: ${fonts}`);
    }

    const pt = await page.evaluate(firstPoint);
    if (!pt) {
      report(false, name, 'tooltip on hover', 'no chart with a point to hover');
    } else {
      await page.mouse.move(pt.x, pt.y);
      const tip = await page.waitForFunction(visibleTooltip, pt.id, { timeout: TOOLTIP_TIMEOUT_MS })
        .then((h) => h.jsonValue()).catch(() => null);
      report(!!tip, name, `tooltip on hover of #${pt.id} "${pt.series}"`, tip ? `"${tip.slice(0, 70)}${tip.length > 70 ? '…' : ''}"` : 'none appeared');
      await page.mouse.move(0, 0);
    }

    const png = path.join(outDir, name.replace(/\.html?$/i, '') + '.png');
    const ts = Date.now();
    // PARLEY_SHOT_HEIGHT=N keeps only the top N pixels (the images shown in the README).
    const clipHeight = Number(process.env.PARLEY_SHOT_HEIGHT || 0);
    await page.screenshot(clipHeight > 0 ? { path: png, fullPage: true, clip: { x: 0, y: 0, width: 1200, height: clipHeight } }
                                         : { path: png, fullPage: true });
    report(true, name, 'screenshot', `${png}, ${Date.now() - ts} ms`);
  } catch (e) {
    report(false, name, 'page loads', e.message.split('\n')[0]);
  }
  report(requests.size === 0, name, 'no network requests', [...requests].slice(0, 5).join(' '));
  report(errors.length === 0, name, 'no console errors or page errors', errors.slice(0, 5).join(' | '));
  await context.close();
  console.log(`     ${name}: ${Date.now() - t0} ms`);
}

async function main() {
  const [outDir, ...files] = process.argv.slice(2);
  if (!outDir || files.length === 0) {
    console.error('usage: node check_report.js OUTDIR FILE.html [FILE.html ...]');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const exe = findChromium();
  if (!exe) {
    report(false, '-', 'find Chromium', 'set PARLEY_CHROMIUM or install chromium');
  } else {
    const t0 = Date.now();
    const browser = await chromium.launch({
      executablePath: exe,
      // --no-sandbox: runs as root in containers; no GPU; small /dev/shm in containers.
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    console.log(`     chromium ${browser.version()} (${exe}) started in ${Date.now() - t0} ms`);
    try {
      for (const f of files) await checkFile(browser, f, outDir);
    } finally {
      await browser.close();
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
