// Merges the tables of two bench-api.mjs runs (scripts/bench-api.sh --storage both): the second run's upload rows
// join the first run's upload table, and the rest of the second run's upload section follows under its own heading.
// Usage: node bench-merge.js FIRST.md SECOND.md  (the merged Markdown on stdout)
'use strict';
const fs = require('fs');

const UPLOAD = /^### Upload of /;
const [first, second] = process.argv.slice(2).map((file) => fs.readFileSync(file, 'utf8').split('\n'));

/** The line range [start, end) of the upload section's first table, and where the section ends. */
function uploadSection(lines) {
  const heading = lines.findIndex((line) => UPLOAD.test(line));
  if (heading < 0) return undefined;
  let start = heading + 1;
  while (start < lines.length && !lines[start].startsWith('|')) start++;
  let end = start;
  while (end < lines.length && lines[end].startsWith('|')) end++;
  let sectionEnd = end;
  while (sectionEnd < lines.length && !lines[sectionEnd].startsWith('### ')) sectionEnd++;
  return { heading, start, end, sectionEnd };
}

const a = uploadSection(first);
const b = uploadSection(second);
if (!a || !b) {
  console.log([...first, '', ...second].join('\n'));
  process.exit(0);
}
const rows = second.slice(b.start + 2, b.end);   // without the header and separator lines
const rest = second.slice(b.end, b.sectionEnd).join('\n').trim();
const merged = [...first.slice(0, a.end), ...rows, ...first.slice(a.end, a.sectionEnd)];
if (rest) merged.push('', `#### The ${rows.length ? 'IPFS Cluster run' : 'second run'}: other upload figures`, '', rest, '');
merged.push(...first.slice(a.sectionEnd));
console.log(merged.join('\n'));
