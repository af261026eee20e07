// SPDX-License-Identifier: MIT
// The records' pages in a real browser (issue 17): Debian's chromium,
// headless, driven by playwright-core, against real 'spona serve'
// processes that tests/cli/t3002-browser-records.sh started: Bihać (a
// member), its hub and Lopare (pages in Serbian by its spona.conf). Each
// step saves a screenshot; each check reads what a person would see.
//
//   node records.cjs NODE_URL HUB_URL SR_URL CSV ORG_ID SCREENSHOT_DIR
//
// Exits 0 when every check holds, 1 with the failed check otherwise.
'use strict';
const { check, run } = require('./lib.cjs');

const [nodeUrl, hubUrl, srUrl, csv, orgId, shots] = process.argv.slice(2);
if (!nodeUrl || !hubUrl || !srUrl || !csv || !orgId || !shots) {
    console.error('usage: node records.cjs NODE_URL HUB_URL SR_URL CSV ORG_ID ' +
                  'SCREENSHOT_DIR');
    process.exit(2);
}
const SYNC_MS = 30000; // a change to reach the other side

const CYRILLIC = /^[\u0400-\u04ff\s*.,:/()–-]+$/;

// Opens url again and again (the pages have no script to refresh
// themselves) until ready(page) holds, for SYNC_MS at most.
async function until(page, url, ready, what) {
    const end = Date.now() + SYNC_MS;
    for (;;) {
        await page.goto(url);
        if (await ready(page)) {
            console.log('ok - ' + what);
            return;
        }
        if (Date.now() > end)
            throw new Error(what + ' (not within ' + SYNC_MS + ' ms)');
        await page.waitForTimeout(500);
    }
}

// Clicks a button or link and waits for the page it leads to.
async function submit(page, button, url) {
    await Promise.all([page.waitForURL(url), page.click(button)]);
}

// Presses Bihać's "sync now" (it also syncs by itself soon after a change).
async function syncNow(page) {
    await page.goto(nodeUrl + '/sync');
    await submit(page, '#sync-now', /\/sync\?done=sync$/);
    check((await page.locator('#notice').innerText()).startsWith('Sinhronizacija je pokrenuta'),
          'Bihać starts a sync round from its pages');
}

// The text of the value row labelled label in the key-value table sel.
async function kv(page, sel, label) {
    const exact = new RegExp('^\\s*' + label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\s*$');
    const row = page.locator(sel + ' tr', { has: page.locator('th', { hasText: exact }) });
    if (await row.count() !== 1)
        return null;
    return (await row.locator('td').innerText()).trim();
}

run(shots, 240000, async (page, shot) => {
    await person(page, shot);
    await organisation(page, shot);
    await spreadsheet(page, shot);
    await review(page, shot);
    await stats(page, shot);
    await serbian(page, shot);
});

// A person through the form, a consent on the person's page, shared
// with the hub, synced, and seen on the hub's pages; a person kept on
// Bihać is not there.
async function person(page, shot) {
    await page.goto(nodeUrl + '/t/person');
    check(await page.locator('html').getAttribute('lang') === 'bs',
          'the pages start in Bosnian');
    await submit(page, '#add', /\/t\/person\/new$/);
    await page.fill('#f-given_name', 'Amra');
    await page.fill('#f-family_name', 'Hodžić');
    await page.selectOption('#f-country', 'AT');
    await page.fill('#f-city', 'Graz');
    await submit(page, '#save', /\/t\/person\/[0-9a-f-]+\?done=saved$/);
    const personUrl = page.url().replace(/\?.*$/, '');
    check(await page.locator('#notice').innerText() === 'Spremljeno.',
          'the person is saved and the page says so');
    check(await kv(page, '#row', 'Prezime') === 'Hodžić', 'with the family name as typed');
    check(await kv(page, '#row', 'Država') === 'Austrija', 'and the country in words');
    check(await page.locator('#no-consent').innerText() === 'Nema aktivne saglasnosti.',
          'the person has no consent yet');
    await shot(page, '1-person-saved');

    await page.selectOption('#consent-form #f-purpose', 'share_hub');
    await page.fill('#consent-form #f-granted_at', '2026-11-01');
    await page.selectOption('#consent-form #f-method', 'signed_paper');
    await page.fill('#consent-form #f-evidence', 'Obrazac 12/2026');
    await page.fill('#consent-form #f-notice_version', 'v1');
    await submit(page, '#add-consent', /\/t\/person\/[0-9a-f-]+\?done=saved$/);
    const consent = page.locator('#consents tr', { hasText: 'Obrazac 12/2026' });
    check(await consent.count() === 1, 'the consent is on the person\'s page');
    check((await consent.innerText()).includes('Dijeljenje u čvorištu'),
          'with its purpose in words');
    check(await page.locator('#no-consent').count() === 0, 'the person now has a consent');
    await shot(page, '2-consent');

    await submit(page, '#edit', /\/edit$/);
    await page.selectOption('#f-scope', 'hub');
    await submit(page, '#save', /\?done=saved$/);
    check(await kv(page, '#row', 'Dijeljenje') === 'Čvorište',
          'with the consent, the person is shared with the hub');

    await syncNow(page);
    const hubRow = () => page.locator('#rows tr', { hasText: 'Hodžić' });
    await until(page, hubUrl + '/t/person', async () => await hubRow().count() === 1,
                'the person reached the hub');
    check((await hubRow().innerText()).includes('Grad Bihać'), 'as Bihać\'s');
    check(await page.locator('#rows tr', { hasText: 'Lokalni' }).count() === 0,
          'a person Bihać keeps to itself is not on the hub');
    await submit(page, '#rows tr:has-text("Hodžić") a', /\/t\/person\/[0-9a-f-]+$/);
    check(page.url().endsWith(personUrl.replace(/^.*\/t\//, '/t/')),
          'the hub holds the same person');
    check(await kv(page, '#row', 'Grad') === 'Graz', 'with what Bihać typed');
    check(await kv(page, '#row', 'Dijeljenje') === 'Čvorište', 'within the hub');
    check(await page.locator('#edit').count() === 0, 'and not the hub\'s to edit');
    // The consent stayed on Bihać (local, as DOMAIN.md wants): the hub's
    // page must not claim the person has none.
    check(await page.locator('#no-consent').innerText() ===
          'Saglasnosti vodi organizacija koja je upisala osobu.',
          'the hub says the consents are kept by Bihać, not that there are none');
    check(await page.locator('#consent-form').count() === 0, 'and offers no consent form');
    await shot(page, '3-person-at-hub');
}

// An organisation edited through its form.
async function organisation(page, shot) {
    await page.goto(nodeUrl + '/t/organisation');
    await submit(page, '#rows a:has-text("Udruženje BiH Beč")',
                 new RegExp('/t/organisation/' + orgId + '$'));
    check(await kv(page, '#row', 'Grad') === 'Beč', 'the organisation before the edit');
    await submit(page, '#edit', /\/edit$/);
    check(await page.inputValue('#f-city') === 'Beč', 'the form holds the row');
    await page.fill('#f-city', 'Salzburg');
    await submit(page, '#save', new RegExp('/t/organisation/' + orgId + '\\?done=saved$'));
    check(await page.locator('#notice').innerText() === 'Spremljeno.',
          'the edit is saved and the page says so');
    check(await kv(page, '#row', 'Grad') === 'Salzburg', 'the new value is shown');
    check(await kv(page, '#row', 'Naziv') === 'Udruženje BiH Beč', 'the rest is kept');
    await shot(page, '4-organisation-edited');
}

// A Bosnian-headed Windows-1250 CSV through the upload form.
async function spreadsheet(page, shot) {
    await page.goto(nodeUrl + '/practices');
    await submit(page, 'header a[href="/import"]', /\/import$/);
    await page.selectOption('#f-table', 'practice');
    await page.setInputFiles('#f-file', csv);
    await submit(page, '#import', /\/import$/);
    check(await page.locator('#encoding').innerText() === 'Windows-1250',
          'the import reads the file as Windows-1250');
    check(await page.locator('#rows').innerText() === '2', 'it counts two lines');
    check(await page.locator('#imported').innerText() === '2', 'and imports both');
    check(await page.locator('#notice').innerText() === 'Uvezeno: 2', 'and says so');
    check(await page.locator('#import-problems').count() === 0, 'without problems');
    await shot(page, '5-import');

    await page.goto(nodeUrl + '/practices');
    const hit = page.locator('ol.hits a.title', { hasText: 'Sajam meda u Ključu' });
    check(await hit.count() === 1, 'the imported practice is in the list');
    check(await page.locator('ol.hits a.title', { hasText: 'Čišćenje obale Une' }).count() === 1,
          'and the other one, its letters intact');
    await submit(page, 'ol.hits a.title:has-text("Sajam meda u Ključu")',
                 /\/practices\/[0-9a-f-]+$/);
    check(await kv(page, '#practice', 'Status') === 'U toku', 'its status read from the label');
    check(await kv(page, '#practice', 'Godina početka') === '2024', 'and its start year');
    const cost = await kv(page, '#practice', 'Trošak');
    check(/^1\.?500\b/.test(cost || ''), 'and its cost, written as in BiH (' + cost + ')');
    await shot(page, '6-imported-practice');
}

// A practice submitted through the form, approved at the hub with a
// comment, and the verdict on Bihać's page after the sync.
async function review(page, shot) {
    await page.goto(nodeUrl + '/practices');
    await submit(page, '#add', /\/practices\/new$/);
    const title = 'Registar dijaspore Bihać';
    await page.fill('#f-title', title);
    await page.selectOption('#f-status', 'implemented');
    await page.selectOption('#f-sectors', ['DIA.mapping', 'GOV.e_services']);
    await page.fill('#f-start_year', '2021');
    await page.selectOption('#f-owner_lsg', 'bihac');
    await page.selectOption('#f-review_status', 'submitted');
    await page.selectOption('#f-scope', 'hub');
    await submit(page, '#save', /\/practices\/[0-9a-f-]+\?done=saved$/);
    const id = page.url().replace(/^.*\/practices\/([0-9a-f-]+)\?.*$/, '$1');
    check((await page.locator('#practice').innerText()).includes('Podneseno'),
          'the practice is submitted for review');

    const row = page.locator('#q-' + id);
    await until(page, hubUrl + '/hub/review', async () => await row.count() === 1,
                'the submitted practice reached the hub\'s queue');
    check((await row.innerText()).includes(title), 'by its title');
    check(await page.locator('#queue tr', { hasText: 'Dani dijaspore Ključ' }).count() === 0,
          'a practice not submitted is not queued');
    await row.locator('textarea[name="comment"]').fill('Dobro dokumentovano, uz pokazatelje.');
    await shot(page, '7-review-queue');
    await submit(page, '#q-' + id + ' button[value="validated"]', /\/hub\/review\?done=saved$/);
    check(await page.locator('#notice').innerText() === 'Spremljeno.', 'the approval is saved');
    check(await row.count() === 0, 'and the practice leaves the queue');

    await syncNow(page);
    const verdict = page.locator('#reviews td.verdict');
    await until(page, nodeUrl + '/practices/' + id, async () => await verdict.count() === 1,
                'the verdict reached Bihać');
    check(await verdict.innerText() === 'Potvrđeno', 'Bihać\'s page shows the verdict in words');
    // The owner adopts the verdict after the pull that brought it, in the
    // same round: the page may show the verdict a moment before.
    await until(page, nodeUrl + '/practices/' + id,
                async () => await kv(page, '#practice', 'Status pregleda') === 'Potvrđeno',
                'and the practice took it as its review status');
    check(await page.locator('#reviews td.comment').innerText() ===
          'Dobro dokumentovano, uz pokazatelje.', 'and the hub\'s comment');
    check((await page.locator('#reviews').innerText()).includes('Vlada Federacije BiH'),
          'and who reviewed it');
    await shot(page, '8-verdict-on-node');
}

// The hub's report: charts drawn as SVG bars.
async function stats(page, shot) {
    await page.goto(hubUrl + '/hub');
    await submit(page, '#to-stats', /\/hub\/stats$/);
    const chart = page.locator('svg#chart-municipality');
    check(await chart.isVisible(), 'the report shows the chart of municipalities');
    const bars = chart.locator('rect');
    check(await bars.count() === 2, 'with a bar for each municipality');
    for (let i = 0; i < 2; i++) {
        const box = await bars.nth(i).boundingBox();
        check(box && box.width > 1 && box.height > 1, 'bar ' + (i + 1) + ' is drawn');
    }
    const labels = await chart.locator('text').allTextContents();
    check(labels.includes('Bihać') && labels.includes('Ključ'),
          'the bars are labelled with the municipalities\' names (' + labels.join(', ') + ')');
    check(await page.locator('svg.chart rect').count() >= 6, 'the other charts have bars too');
    const status = page.locator('#stats-status tr', { hasText: 'Provedeno' });
    check(await status.count() === 1 && (await status.locator('td.n').innerText()) === '1',
          'the table under the chart counts in words');
    await shot(page, '9-hub-stats');
}

// The interface in Serbian, in Cyrillic: by Lopare's spona.conf, and by
// the switch (?lang=sr) on Bihać.
async function serbian(page, shot) {
    await page.goto(srUrl + '/practices');
    check(await page.locator('html').getAttribute('lang') === 'sr-Cyrl',
          'Lopare\'s pages are in Serbian, in Cyrillic');
    check(await page.locator('h1').innerText() === 'Добре праксе', 'the heading in Cyrillic');
    check(await page.locator('ol.hits a.title', { hasText: 'Туристичка мапа Лопара' }).count() === 1,
          'its practice is listed');
    const meta = (await page.locator('ol.hits div.meta').innerText()).trim();
    check(meta === 'Лопаре · Пилот',
          'with its municipality and status in Cyrillic, nothing dangling (' + meta + ')');
    const words = (await page.locator('main label, main button, #add').allInnerTexts())
        .map((s) => s.trim()).filter((s) => s);
    const latin = words.filter((s) => !CYRILLIC.test(s));
    check(words.length >= 8 && latin.length === 0, 'the filters, their choices and the buttons are Cyrillic (' +
          latin.join(' | ') + ')');
    await shot(page, '10-serbian-practices');

    await submit(page, '#add', /\/practices\/new$/);
    check(CYRILLIC.test(await page.locator('h1').innerText()), 'the form\'s heading is Cyrillic');
    const label = (await page.locator('label[for="f-title"]').innerText()).trim();
    check(label === 'Назив *', 'the title field is labelled in Cyrillic (' + label + ')');
    check(await page.locator('#save').innerText() === 'Сачувај', 'the button says Сачувај');
    const statuses = await page.locator('#f-status option').allInnerTexts();
    check(statuses.filter((s) => s.trim()).every((s) => CYRILLIC.test(s)),
          'the statuses to choose are Cyrillic');
    const latinFields = (await page.locator('form.edit label, form.edit legend').allTextContents())
        .map((s) => s.trim()).filter((s) => s && !CYRILLIC.test(s));
    check(latinFields.length === 0, 'every field of the form is labelled in Cyrillic (' +
          latinFields.join(', ') + ')');
    await shot(page, '11-serbian-form');

    await page.goto(nodeUrl + '/practices?lang=sr');
    check(await page.locator('html').getAttribute('lang') === 'sr-Cyrl',
          'on Bihać, ?lang=sr switches to Serbian');
    check(await page.locator('h1').innerText() === 'Добре праксе', 'in Cyrillic');
    await page.goto(nodeUrl + '/t/organisation/' + orgId);
    check(await kv(page, '#row', 'Град') === 'Salzburg', 'and it stays Serbian');
    await shot(page, '12-serbian-switch');
}
