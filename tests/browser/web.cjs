// SPDX-License-Identifier: MIT
// The web pages in a real browser: Debian's chromium, headless, driven by
// playwright-core, against real 'spona serve' processes that
// tests/cli/t3001-browser.sh started. Each step saves a screenshot.
//
//   node web.cjs NODE_URL HUB_URL SCREENSHOT_DIR
//
// Exits 0 when every check holds, 1 with the failed check otherwise.
'use strict';
const { check, run } = require('./lib.cjs');

const [nodeUrl, hubUrl, shots] = process.argv.slice(2);
if (!nodeUrl || !hubUrl || !shots) {
    console.error('usage: node web.cjs NODE_URL HUB_URL SCREENSHOT_DIR');
    process.exit(2);
}

run(shots, 180000, async (page, shot) => {
    // Search with a folded query: 'maticar' finds "e-Matičar".
    await page.goto(nodeUrl + '/practices');
    check(await page.locator('html').getAttribute('lang') === 'bs',
          'the pages start in Bosnian');
    await page.fill('#q', 'maticar');
    await Promise.all([page.waitForURL(/q=maticar/), page.press('#q', 'Enter')]);
    const hit = page.locator('ol.hits a.title', { hasText: 'e-Matičar' });
    check(await hit.count() === 1, "'maticar' finds e-Matičar");
    check(await page.locator('ol.hits mark').first().innerText() === 'Matičar',
          'the matched word is marked as written');
    await shot(page, '1-search-maticar');

    // A Latin query finds a Cyrillic title.
    await page.fill('#q', 'turisticka mapa');
    await Promise.all([page.waitForURL(/q=turisticka/), page.press('#q', 'Enter')]);
    check(await page.locator('ol.hits a.title', { hasText: 'Туристичка мапа Лопара' }).count() === 1,
          'a Latin query finds the Cyrillic title');
    await shot(page, '2-search-latin-finds-cyrillic');

    // Open a practice that came through the hub.
    await page.fill('#q', 'maticar');
    await Promise.all([page.waitForURL(/q=maticar/), page.press('#q', 'Enter')]);
    await Promise.all([page.waitForURL(/\/practices\/[0-9a-f-]+$/),
                       page.locator('ol.hits a.title').first().click()]);
    check((await page.locator('h1').innerText()).startsWith('e-Matičar'),
          'the practice opens');
    const via = page.locator('#practice tr', { hasText: 'Preko čvorišta' });
    check((await via.innerText()).includes('Vlada Republike Srpske → ' +
          'Ministarstvo za ljudska prava i izbjeglice BiH → Vlada Federacije BiH'),
          'the page says which hubs it came through');
    check(await page.locator('#practice tr', { hasText: 'Stiglo' }).count() === 1,
          'the page says when it arrived');
    await shot(page, '3-practice');

    // Add a practice through the form, then find it in the list.
    await page.goto(nodeUrl + '/practices');
    await Promise.all([page.waitForURL(/\/practices\/new$/), page.click('#add')]);
    const title = 'Kulturni most Bihać–Beč ' + Date.now();
    await page.fill('#f-title', title);
    await page.selectOption('#f-status', 'pilot');
    await page.selectOption('#f-sectors', ['DIA.identity_culture', 'SOC.culture_sport']);
    await page.fill('#f-start_year', '2025');
    await page.selectOption('#f-scope', 'network');
    await shot(page, '4-form');
    await Promise.all([page.waitForURL(/\/practices\/[0-9a-f-]+\?done=saved$/), page.click('#save')]);
    check(await page.locator('h1').innerText() === title, 'the new practice is saved');
    check(await page.locator('#notice').innerText() === 'Spremljeno.', 'and the page says so');
    check((await page.locator('#practice').innerText()).includes('Identitet i kultura'),
          'its sectors are shown with their labels');
    await page.goto(nodeUrl + '/practices');
    check(await page.locator('ol.hits a.title', { hasText: title }).count() === 1,
          'the new practice is in the list');
    await page.fill('#q', 'kulturni most bec');
    await Promise.all([page.waitForURL(/q=kulturni/), page.press('#q', 'Enter')]);
    check(await page.locator('ol.hits a.title', { hasText: title }).count() === 1,
          'and the search finds it');
    await shot(page, '5-new-practice-in-list');

    // Switch the language; it stays switched.
    await Promise.all([page.waitForURL(/lang=en/), page.click('#lang')]);
    check(await page.locator('h1').innerText() === 'Good practices', 'English after the switch');
    check(await page.locator('ol.hits a.title', { hasText: title }).count() === 1,
          'the switch keeps the search');
    await page.goto(nodeUrl + '/sync');
    check(await page.locator('h1').innerText() === 'Sync', 'English is remembered');
    await shot(page, '6-english');

    // The hub dashboard shows the member's last sync.
    await page.goto(hubUrl + '/hub');
    const row = page.locator('#members tr', { hasText: 'Grad Bihać' });
    check(await row.count() === 1, 'the dashboard lists the member');
    const last = await row.locator('td.last-sync').innerText();
    check(/^\d{4}-\d\d-\d\d \d\d:\d\d CES?T$/.test(last),
          "it shows the member's last sync (" + last + ')');
    check(await page.locator('#members tr', { hasText: 'Opština Lopare' }).count() === 0,
          'members of other hubs are not its members');
    await shot(page, '7-hub-dashboard');
});
