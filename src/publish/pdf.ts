import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { SiError } from '../errors.ts';

/** Chromium flags for a closed network: no background fetches, updates or sync. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function chromiumAvailable(executablePath: string): boolean {
  return existsSync(executablePath);
}

/**
 * Print an HTML page to PDF with a real headless Chromium (Debian's `chromium`, never a downloaded one).
 *
 * @example const pdf = await htmlToPdf(html, '/usr/bin/chromium');
 */
export async function htmlToPdf(html: string, executablePath: string): Promise<Buffer> {
  if (!chromiumAvailable(executablePath)) {
    throw new SiError('E_PUBLISH', `Chromium not found at ${executablePath}`, {
      hint: 'install it (apt-get install chromium) or set CHROMIUM_PATH',
    });
  }
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (cause) {
    throw new SiError('E_PUBLISH', `Chromium at ${executablePath} did not start: ${firstLine(cause)}`, {
      cause,
    });
  }
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'Letter',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#5b6775;font-family:DejaVu Sans,sans-serif">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
  } catch (cause) {
    throw new SiError('E_PUBLISH', `printing the report to PDF failed: ${firstLine(cause)}`, { cause });
  } finally {
    await browser.close();
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n').find((l) => l.trim()) ?? message).replace(/^browserType\.launch: /, '').trim();
}
