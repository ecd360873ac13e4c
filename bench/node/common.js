// Shared by the peer engines: read the decide events, hash the decisions
// exactly as bylaw-bench does (FNV-1a 64 over "ID CLASS DAYS TIER\n" in
// event order), and print one JSON result line.
'use strict';
const fs = require('fs');

function readEvents(path) {
  return fs.readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
}

function checksum(lines) {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (const line of lines) {
    for (const b of Buffer.from(line, 'utf8')) {
      h ^= BigInt(b);
      h = (h * prime) & mask;
    }
  }
  return h.toString(16).padStart(16, '0');
}

function report(n, seconds, lines, extra) {
  const out = { events: n, seconds, rate: n / seconds, checksum: checksum(lines), ...extra };
  process.stdout.write(JSON.stringify(out) + '\n');
}

module.exports = { readEvents, report };
