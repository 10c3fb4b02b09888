// Prints HTML files to A4 PDFs with Chromium (page.pdf), for scripts/make-pdf-fixtures.py.
// Usage: node scripts/make-pdf-fixtures-chrome.mjs IN.html OUT.pdf [IN.html OUT.pdf ...]
// Rows are free to break across pages (no break-inside rules); each form begins a page by the
// HTML's own CSS (break-before: page).
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
if (!args.length || args.length % 2) {
  console.error('usage: make-pdf-fixtures-chrome.mjs IN.html OUT.pdf [IN.html OUT.pdf ...]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--font-render-hinting=none'],
});
try {
  const page = await browser.newPage();
  for (let i = 0; i < args.length; i += 2) {
    await page.goto(pathToFileURL(args[i]).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    await page.pdf({
      path: args[i + 1],
      format: 'A4',
      margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' },
      printBackground: false,
      tagged: false,
      outline: false,
    });
  }
} finally {
  await browser.close();
}
