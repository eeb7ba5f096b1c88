// report.html in a real browser: runs `omega backtest` on bundled data, opens the page in
// Debian's headless Chromium with ?selftest=1 and drives it over the DevTools protocol
// (--remote-debugging-pipe). With that flag the page checks what it drew and resolves
// window.__omegaSelftest; the test awaits that promise (no sleeps), collects every console
// error, exception and failed load the browser reports, compares the charts' point counts with
// the run's own CSV files, and saves a screenshot as a test artefact.
//
// Usage: node report_browser_test.mjs OMEGA_BINARY DATA_DIR SCRATCH_DIR ARTEFACT_DIR
// Chromium: $OMEGA_CHROMIUM or /usr/bin/chromium. Missing, the test fails (it never skips).
import {spawn, spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
const [omega, dataDir, scratch, artefacts] = process.argv.slice(2);
if (!omega || !dataDir || !scratch || !artefacts) {
  console.error('usage: report_browser_test.mjs OMEGA DATA_DIR SCRATCH_DIR ARTEFACT_DIR');
  process.exit(2);
}
const chromium = process.env.OMEGA_CHROMIUM || '/usr/bin/chromium';
let failures = 0;
let passed = 0;
function check(ok, what, detail = '') {
  if (ok) {
    ++passed;
  } else {
    ++failures;
    console.log(`FAIL: ${what}${detail ? ` (${detail})` : ''}`);
  }
}
function die(message) {
  console.log(`FAIL: ${message}`);
  console.log(`0 passed, 1 failed`);
  process.exit(1);
}

if (!existsSync(chromium)) {
  die(`Chromium not found at ${chromium}: the report test needs a real headless browser. ` +
      'Run scripts/install-deps.sh (it installs Debian\'s chromium) or set OMEGA_CHROMIUM.');
}
rmSync(scratch, {recursive: true, force: true});
mkdirSync(scratch, {recursive: true});
mkdirSync(artefacts, {recursive: true});

// A real backtest on bundled data: the Fibonacci trader on half a year of BTC/USDT 1h bars
// (few enough bars that the page shows every one). The data file sits under a path that tries
// to close the page's script element and run its own; the page prints that path.
const hostile = join(scratch, 'x</script><script>window.__pwned=1</script><!--');
mkdirSync(hostile, {recursive: true});
const data = join(hostile, 'btcusdt_1h.csv.gz');
copyFileSync(join(dataDir, 'market', 'binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz'), data);
const out = join(scratch, 'run');
const bt = spawnSync(omega, [
  'backtest', '--bot', 'fibonacci_trader', '--data', data,
  '--symbol', 'BTC/USDT:USDT', '--fees', 'binance_usdm', '--lot', '0.001', '--leverage', '3',
  '--from', '2023-01-01', '--to', '2023-07-01', '--set', 'swing_strength=3', '--out', out,
], {encoding: 'utf8', timeout: 120_000});
if (bt.status !== 0) die(`omega backtest exited ${bt.status}: ${bt.stderr}`);

const rows = (file) => readFileSync(join(out, file), 'utf8').trimEnd().split('\n').length - 1;
const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
const bars = summary.data.bars;
const equityRows = rows('equity.csv');
const trades = rows('trades.csv');
const fibSignals = readFileSync(join(out, 'signals.csv'), 'utf8')
  .split('\n').filter((line) => line.split(',')[2] === 'fib_levels').length;
check(trades > 0, 'the run traded', `${trades} trades`);
check(fibSignals > 0, 'the bot published fib_levels signals', `${fibSignals}`);

const page = join(out, 'report.html');
const url = `${pathToFileURL(page).href}?selftest=1`;

// A DevTools protocol client over the pipe: requests on fd 3, replies and events on fd 4, each
// message JSON ending in a NUL byte.
function launch() {
  const child = spawn(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--no-default-browser-check', '--hide-scrollbars', '--remote-debugging-pipe',
    `--user-data-dir=${join(scratch, 'profile')}`, 'about:blank',
  ], {stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const pending = new Map();
  const listeners = [];
  let nextId = 1;
  let buffer = Buffer.alloc(0);
  child.stdio[4].on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let end = buffer.indexOf(0); end >= 0; end = buffer.indexOf(0)) {
      const message = JSON.parse(buffer.subarray(0, end).toString('utf8'));
      buffer = buffer.subarray(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const {resolve, reject} = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${message.error.message} (${message.error.code})`));
        else resolve(message.result);
      } else {
        for (const listener of listeners) listener(message);
      }
    }
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => {
    for (const {reject} of pending.values()) reject(new Error(`chromium exited ${code}: ${stderr}`));
    resolve(code);
  }));
  const send = (method, params = {}, sessionId = undefined) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, {resolve, reject});
    child.stdio[3].write(JSON.stringify({id, method, params, ...(sessionId ? {sessionId} : {})}) + '\0');
  });
  return {child, send, on: (f) => listeners.push(f), exited, stderr: () => stderr};
}

// Every way a page reports trouble: console.error, uncaught exceptions, log entries (failed
// loads, CSP, deprecations at error level).
const problems = [];
let loaded;
const loadEvent = new Promise((resolve) => { loaded = resolve; });
const browser = launch();
// A bound on the whole browser session, so a hung Chromium fails the test instead of ctest's.
const watchdog = setTimeout(() => {
  console.log('FAIL: the browser session took over 120 s');
  browser.child.kill('SIGKILL');
  process.exit(1);
}, 120_000);
let r;
let screenshot;
try {
  const {targetId} = await browser.send('Target.createTarget', {url: 'about:blank'});
  const {sessionId} = await browser.send('Target.attachToTarget', {targetId, flatten: true});
  browser.on((m) => {
    if (m.sessionId !== sessionId) return;
    if (m.method === 'Runtime.exceptionThrown') {
      const d = m.params.exceptionDetails;
      problems.push(`exception: ${d.exception?.description || d.text}`);
    } else if (m.method === 'Runtime.consoleAPICalled' && m.params.type === 'error') {
      problems.push(`console.error: ${m.params.args.map((a) => a.value ?? a.description).join(' ')}`);
    } else if (m.method === 'Log.entryAdded' && m.params.entry.level === 'error') {
      problems.push(`log: ${m.params.entry.text} ${m.params.entry.url || ''}`);
    } else if (m.method === 'Page.loadEventFired') {
      loaded();
    }
  });
  const session = (method, params) => browser.send(method, params, sessionId);
  await session('Runtime.enable');
  await session('Log.enable');
  await session('Page.enable');
  await session('Emulation.setDeviceMetricsOverride',
                {width: 1400, height: 2200, deviceScaleFactor: 1, mobile: false});
  await session('Page.navigate', {url});
  await loadEvent;
  const evaluated = await session('Runtime.evaluate', {
    expression: 'window.__omegaSelftest', awaitPromise: true, returnByValue: true,
  });
  r = evaluated.result.value;
  const shot = await session('Page.captureScreenshot', {format: 'png'});
  screenshot = Buffer.from(shot.data, 'base64');
  const dom = await session('Runtime.evaluate', {
    expression: 'document.documentElement.outerHTML', returnByValue: true,
  });
  r.__html = dom.result.value;
  await browser.send('Browser.close').catch(() => {});
} catch (e) {
  browser.child.kill('SIGKILL');
  die(`driving Chromium failed: ${e.message}`);
}
await browser.exited;
clearTimeout(watchdog);
if (!r) die(`the page did not run its self-test (scripts failed?): ${problems.join(' | ')}`);
const html = r.__html;
delete r.__html;
console.log(`self-test: ${JSON.stringify(r)}`);

check(r.rendered === true, 'the page rendered');
check(r.errors.length === 0, 'no errors seen by the page', r.errors.join(' | '));
check(problems.length === 0, 'no console errors, exceptions or failed loads', problems.join(' | '));
check(r.aggregated === false, 'a half-year hourly run is shown bar by bar');
check(r.candles === bars, 'candle chart: one point per bar', `${r.candles} vs ${bars}`);
check(r.equity === equityRows, 'equity chart: one point per equity.csv row',
      `${r.equity} vs ${equityRows}`);
check(r.drawdown === equityRows, 'drawdown chart: one point per equity.csv row',
      `${r.drawdown} vs ${equityRows}`);
check(r.markers === 2 * trades, 'an entry and an exit marker per trade',
      `${r.markers} vs 2 x ${trades}`);
check(r.fib_signals === fibSignals, 'every fib_levels signal reached the page',
      `${r.fib_signals} vs ${fibSignals}`);
check(r.bad_payloads === 0, 'every fib_levels payload parsed');
for (const level of ['entry', 'stop', 'target1', 'target2']) {
  const points = (r.fib_points || {})[level] || 0;
  check(points >= r.fib_setups_shown && r.fib_setups_shown > 0,
        `Fibonacci ${level} line drawn for each setup shown`, `${points} points`);
}
check(r.synced === true && r.probe_followed === true,
      'zooming the equity chart moved the candle and drawdown charts');
for (const chart of ['candles', 'equity', 'drawdown']) {
  check(r.inked[chart] > 500, `the ${chart} chart painted`, `${r.inked[chart]} pixels`);
}
check(r.attribution_links >= 1, 'the TradingView attribution link is on the page');
check(r.pwned === false, 'a hostile file name could not inject a script');
check(html.includes('x&lt;/script&gt;&lt;script&gt;window.__pwned=1'),
      'the hostile file name is shown as text');

const shotFile = join(artefacts, 'report.png');
writeFileSync(shotFile, screenshot);
check(screenshot.length > 20_000 && screenshot.subarray(1, 4).toString() === 'PNG',
      `screenshot saved to ${shotFile}`, `${screenshot.length} bytes`);

console.log(`${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
