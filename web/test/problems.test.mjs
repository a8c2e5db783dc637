// Every problem+json code of docs/CODES.md has a sentence in src/problems.ts, and every sentence says what to do.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const codes = [...readFileSync(new URL('../../docs/CODES.md', import.meta.url), 'utf8')
  .matchAll(/^\| ([A-Z]+-\d{4}) \| \d{3} \|/gm)].map((match) => match[1]);
const source = readFileSync(new URL('../src/problems.ts', import.meta.url), 'utf8');
const sentences = new Map([...source.matchAll(/^ {2}'([A-Z]+-\d{4})': `([^`]+)`,$/gm)]
  .map((match) => [match[1], match[2]]));

test('docs/CODES.md lists the API codes', () => {
  assert.ok(codes.length > 80, `found ${codes.length}`);
});

test('every API code has a sentence', () => {
  assert.deepEqual(codes.filter((code) => !sentences.has(code)), []);
});

test('every sentence says what happened, then what to do', () => {
  for (const [code, sentence] of sentences) {
    assert.match(sentence, /^[A-Z][^]*?[.:] \S/, `${code}: ${sentence}`);
  }
});
