// SPDX-License-Identifier: MIT
// What the browser tests share: Debian's chromium, headless, without
// JavaScript (the pages work without it), in a throw-away profile; a
// deadline for the whole run; checks that print what held; screenshots.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const TIMEOUT_MS = 15000; // any one browser action

function check(cond, what) {
    if (!cond)
        throw new Error(what);
    console.log('ok - ' + what);
}

// Runs body(page, shot) in a fresh chromium; shot(page, name) saves a
// full-page screenshot to shots/name.png. Exits 0 when body returns, 1
// with the failed check, or when the run takes over totalMs.
function run(shots, totalMs, body) {
    setTimeout(() => {
        console.error('FAIL: the browser test ran over ' + totalMs + ' ms');
        process.exit(1);
    }, totalMs).unref();
    const shot = (page, name) =>
        page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
    const main = async () => {
        fs.mkdirSync(shots, { recursive: true });
        const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'spona-chromium-'));
        const ctx = await chromium.launchPersistentContext(profile, {
            executablePath: '/usr/bin/chromium',
            headless: true,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                   '--disable-background-networking', '--disable-component-update',
                   '--disable-sync'],
            viewport: { width: 1366, height: 768 },
            javaScriptEnabled: false, // the pages work without it
        });
        try {
            const page = ctx.pages()[0] || await ctx.newPage();
            page.setDefaultTimeout(TIMEOUT_MS);
            page.setDefaultNavigationTimeout(TIMEOUT_MS);
            await body(page, shot);
        } finally {
            await ctx.close();
            fs.rmSync(profile, { recursive: true, force: true });
        }
    };
    main().then(() => process.exit(0), (e) => {
        console.error('FAIL: ' + e.message);
        process.exit(1);
    });
}

module.exports = { check, run };
