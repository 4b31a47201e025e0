// The first page's JavaScript, gzipped, must stay under 200 KB: what dist/index.html loads (the
// entry script and the modules it preloads). Everything else (the report pages and their charts
// among them) is loaded lazily with its route. Run after `vite build` (the build script does).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIMIT = 200 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
if (scripts.length === 0) {
  console.error('check-bundle-size: index.html loads no JavaScript from assets/');
  process.exit(1);
}
let total = 0;
for (const script of scripts) total += gzipSync(readFileSync(join(dist, script)), { level: 9 }).length;
/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`check-bundle-size: the first page loads ${scripts.length} scripts, ${kb(total)} gzipped (limit ${kb(LIMIT)})`);
if (total > LIMIT) {
  console.error('check-bundle-size: over the limit: load the new code lazily with its route');
  process.exit(1);
}
