// End-to-end tests of `depeche serve` in Debian's headless Chromium, driven by playwright-core
// (no browser download: executablePath is the system's chromium). Run by ctest:
//   node e2e.mjs --depeche BUILD/depeche --data REPO/data --work TMPDIR [--shots DIR]
// Exit 0: every step passed; 1: a step failed; 77: cannot run here (no chromium, no
// playwright-core: `npm ci` in tests/browser), which ctest reports as skipped.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const SKIP = 77;
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const chromiumPath = process.env.DEPECHE_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  console.log(`SKIPPED: no Chromium at ${chromiumPath} (scripts/install-deps.sh installs Debian's chromium)`);
  process.exit(SKIP);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (error) {
  console.log('SKIPPED: playwright-core is not installed (run `npm ci` in tests/browser; scripts/test.sh does)');
  process.exit(SKIP);
}

const work = args.work;
const shots = args.shots || work;
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'src'), { recursive: true });
fs.mkdirSync(shots, { recursive: true });
fs.cpSync(args.data, path.join(work, 'src', 'data'), { recursive: true });
// Two versions of one story (an update), for the versions and their diff.
const story = 'Les forces du régime syrien ont repris jeudi la ville de Saraqeb, dans la province ' +
  "d'Idlib, au terme de combats qui ont duré plusieurs jours selon l'Observatoire syrien des " +
  'droits de l’homme, qui dispose d’un vaste réseau de sources dans le pays en guerre.';
fs.writeFileSync(path.join(work, 'src', 'versions.jsonl'),
  JSON.stringify({ id: 'saraqeb-1', date: '2020-02-06', title: 'Saraqeb reprise par le régime', text: story }) + '\n' +
  JSON.stringify({ id: 'saraqeb-2', date: '2020-02-07', title: 'Saraqeb reprise par le régime (mise à jour)',
    text: story + ' Des milliers de civils ont fui vers le nord.' }) + '\n');
const indexDir = path.join(work, 'index');

function depeche(...commandArgs) {
  const run = spawnSync(args.depeche, commandArgs, { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`depeche ${commandArgs.join(' ')} exited ${run.status}: ${run.stderr}`);
  }
  return run;
}
depeche('index', '-q', '--index', indexDir, path.join(work, 'src'));

// The server on a free port: its first line says where.
const server = spawn(args.depeche, ['serve', '--index', indexDir, '--port', '0'],
  { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  const lines = readline.createInterface({ input: server.stdout });
  lines.once('line', (line) => {
    const found = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
    if (found) resolve(found[1]); else reject(new Error('unexpected first line: ' + line));
  });
  server.once('exit', (code) => reject(new Error('depeche serve exited ' + code)));
});

let failures = 0;
async function step(name, body) {
  try {
    await body();
    console.log(`ok - ${name}`);
  } catch (error) {
    failures += 1;
    console.log(`not ok - ${name}\n  ${String(error.stack || error).split('\n').join('\n  ')}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(20000);
const problems = [];   // script errors, console errors (a CSP violation is one)
const elsewhere = [];  // requests to any other host than the server
const dialogs = [];
page.on('pageerror', (error) => problems.push('page error: ' + error.message));
page.on('console', (message) => { if (message.type() === 'error') problems.push('console: ' + message.text()); });
page.on('request', (request) => { if (!request.url().startsWith(base + '/')) elsewhere.push(request.url()); });
page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });

async function resultsShown() {
  await page.waitForSelector('main:not([aria-busy]) p.summary');
}
async function search(query) {
  await page.fill('#q', query);
  await page.press('#q', 'Enter');
  await page.waitForURL((url) => url.searchParams.get('q') === query);
  await resultsShown();
}
const texts = (selector) => page.$$eval(selector, (nodes) => nodes.map((node) => node.textContent));

try {
  await step('type a query, press Enter, see highlighted results', async () => {
    await page.goto(base + '/');
    expect(await page.evaluate(() => document.activeElement.id) === 'q', 'the search box has the focus');
    await search('idlib');
    const marks = await texts('ol.results mark');
    expect(marks.length > 0, 'no <mark> in the results');
    expect(marks.every((mark) => /^idl[ie]b$/i.test(mark)), 'marks: ' + marks.join(', '));
    expect((await texts('ol.results li.hit')).length >= 2, 'fewer than 2 results');
    expect(/idleb \(for idlib\)/i.test((await texts('p.also-searched')).join('')), 'the spellings searched are shown');
    await page.screenshot({ path: path.join(shots, 'results.png'), fullPage: true });
  });

  await step('click a timeline month: results narrowed to it; Back and Forward work', async () => {
    const before = await texts('ol.results li.hit .date');
    const months = await page.$$eval('svg.chart a.month', (links) => links.map((link) => link.dataset.month));
    expect(months.length >= 2, 'timeline months: ' + months.join(', '));
    await page.screenshot({ path: path.join(shots, 'timeline.png'), clip: await (await page.$('section.timeline')).boundingBox() });
    const month = months[months.length - 1];
    await page.click(`svg.chart a.month[data-month="${month}"]`);
    await page.waitForURL((url) => url.searchParams.get('since') === month && url.searchParams.get('until') === month);
    await resultsShown();
    const after = await texts('ol.results li.hit .date');
    expect(after.length > 0 && after.length < before.length, `results ${before.length} -> ${after.length}`);
    expect(after.every((date) => date.startsWith(month)), 'dates: ' + after.join(', '));
    expect(await page.inputValue('#since') === month, 'the form shows the month');
    await page.goBack();
    await resultsShown();
    expect(new URL(page.url()).searchParams.get('since') === null, 'Back: ' + page.url());
    expect((await texts('ol.results li.hit')).length === before.length, 'Back shows the first results');
    await page.goForward();
    await resultsShown();
    expect(new URL(page.url()).searchParams.get('since') === month, 'Forward: ' + page.url());
    await page.goBack();
    await resultsShown();
  });

  await step('click a name of the names facet: results narrowed to the articles naming it', async () => {
    const names = await page.$$eval('section.names button', (buttons) => buttons.map((button) => ({
      name: button.dataset.name, count: Number((/\((\d+)\)$/.exec(button.textContent) || [])[1]) })));
    expect(names.length > 0, 'no names facet on the page');
    expect(!names.some((entry) => ['Le', 'La', 'Mais', 'Selon'].includes(entry.name)), 'a function word is a name');
    const before = await texts('ol.results li.hit');
    // The least mentioned name: clicking it must leave exactly its count of results.
    const least = names.reduce((a, b) => (b.count < a.count ? b : a));
    expect(least.count > 0 && least.count < before.length, `least mentioned: ${least.name} (${least.count}) of ${before.length}`);
    await page.screenshot({ path: path.join(shots, 'names.png'), clip: await (await page.$('section.names')).boundingBox() });
    await page.click(`section.names button[data-name="${least.name}"]`);
    await page.waitForURL((url) => (url.searchParams.get('q') || '').includes(`name:"${least.name}"`));
    await resultsShown();
    const after = await texts('ol.results li.hit');
    expect(after.length === least.count, `results ${before.length} -> ${after.length}, facet said ${least.count}`);
    await page.goBack();
    await resultsShown();
  });

  await step('open an article: whole text highlighted, versions, related; go back', async () => {
    const searchUrl = page.url();
    const title = (await texts('ol.results li.hit h2 a'))[0];
    await page.click('ol.results li.hit h2 a');
    await page.waitForSelector('article.article h1');
    expect(new URL(page.url()).searchParams.get('article'), 'the URL names the article');
    expect(await page.textContent('article.article h1') === title, 'the title as in the results');
    const marks = await texts('article.article .text mark');
    expect(marks.length > 0, 'no highlight in the whole text');
    await page.waitForSelector('section[aria-labelledby=related-title] ul.related li, section[aria-labelledby=related-title] p.hint:not(:empty)');
    await page.screenshot({ path: path.join(shots, 'article.png'), fullPage: true });
    await page.goBack();
    await resultsShown();
    expect(page.url() === searchUrl, 'back at ' + page.url());
    expect((await texts('ol.results li.hit')).length > 0, 'the results again');
  });

  await step('versions of a story: the diff is shown', async () => {
    // The sample corpus holds one story in two versions (a reprint and an update).
    const ids = await page.evaluate(async () => {
      const answer = await (await fetch('/api/search?q=idlib&all_versions=1&limit=50')).json();
      return answer.results.filter((hit) => hit.reposts > 0).map((hit) => hit.id);
    });
    if (ids.length === 0) {
      console.log('# no story with versions in the sample: the diff is not shown');
      return;
    }
    await page.goto(base + '/?article=' + encodeURIComponent(ids[0]) + '&q=idlib');
    await page.click('ul.versions button');
    await page.waitForSelector('.diff');
    expect((await texts('.diff p.meta'))[0].includes('added'), 'the diff counts words');
    expect((await texts('.diff ins')).join(' ').includes('civils'), 'the words added are marked');
    await page.screenshot({ path: path.join(shots, 'article-versions.png'), fullPage: true });
    await page.goBack();
  });

  await step('an index --rebuild while the server runs: the next search sees the new article', async () => {
    fs.writeFileSync(path.join(work, 'src', 'nouvelle.jsonl'), JSON.stringify({
      id: 'rebuild-1', date: '2021-06-01', title: 'Zorglubiade à Marseille',
      text: 'Une zorglubiade a eu lieu à Marseille selon la préfecture.' }) + '\n');
    depeche('index', '-q', '--rebuild', '--index', indexDir, path.join(work, 'src'));
    await page.goto(base + '/');
    await search('zorglubiade');
    const ids = await texts('ol.results li.hit code.id');
    expect(ids.includes('rebuild-1'), 'ids: ' + ids.join(', '));
  });

  await step('a query holding <script> shows as text: no dialog, no element injected', async () => {
    const query = '<script>alert(1)</script> <img src=x onerror=alert(2)> idlib';
    await search(query);
    const summary = await page.textContent('p.summary');
    expect(summary.includes('<script>alert(1)</script>'), 'summary: ' + summary);
    await page.goto(base + '/?article=depeche-1&q=' + encodeURIComponent('<img src=x onerror=alert(3)>'));
    await page.waitForSelector('main:not([aria-busy]) article.article h1, main p.error');
    await page.waitForTimeout(300);
    const injected = await page.evaluate(() => document.querySelectorAll('main script, main img, body > script:not([src])').length);
    expect(injected === 0, injected + ' injected elements');
    expect(dialogs.length === 0, 'dialogs: ' + dialogs.join(', '));
  });

  await step('a narrow window (400px): the form and results fit, nothing scrolls sideways', async () => {
    await page.setViewportSize({ width: 400, height: 850 });
    await page.goto(base + '/?q=idlib');
    await resultsShown();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow <= 0, `the page is ${overflow}px wider than the window`);
    await page.screenshot({ path: path.join(shots, 'results-narrow.png'), fullPage: true });
    await page.click('ol.results li.hit h2 a');
    await page.waitForSelector('article.article h1');
    const articleOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(articleOverflow <= 0, `the article is ${articleOverflow}px wider than the window`);
    await page.screenshot({ path: path.join(shots, 'article-narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  await step('keyboard only: Tab to a result and open it with Enter', async () => {
    await page.goto(base + '/?q=idlib');
    await resultsShown();
    let found = false;
    for (let press = 0; press < 60 && !found; press += 1) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement.matches('ol.results h2 a'));
    }
    expect(found, 'no result link reached with Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('article.article h1');
  });

  await step('a search cut by the server\'s time limit says so, as text', async () => {
    // The answer of a search past its limit, made here (a real one would depend on timing):
    // the server's own JSON with the two fields a cut search adds.
    const searches = (url) => url.pathname === '/api/search';
    await page.route(searches, async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      json.timed_out = true;
      json.time_limit_ms = 2000;
      await route.fulfill({ response, json });
    });
    await page.goto(base + '/?q=idlib');
    await resultsShown();
    const notice = await texts('p.notice.timed-out');
    expect(notice.length === 1 && notice[0] === 'The search ran past its time limit (2,000 ms): the counts, ' +
      'the timeline, the names and the snippets below are partial.', 'notice: ' + notice.join(' | '));
    expect((await texts('ol.results li.hit')).length > 0, 'the results are shown');
    await page.unroute(searches);
    await page.goto(base + '/?q=idlib');
    await resultsShown();
    expect((await texts('p.notice.timed-out')).length === 0, 'a search in time has no notice');
  });

  await step('nothing loaded from another host, no script error', async () => {
    expect(elsewhere.length === 0, 'requests elsewhere: ' + elsewhere.join(', '));
    expect(problems.length === 0, problems.join('\n'));
  });
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}
console.log(failures === 0 ? 'all steps passed' : `${failures} step(s) failed`);
process.exit(failures === 0 ? 0 : 1);
