// @gorules/zen-engine on the benchmark's decisions (decide.jdm.json): each
// event is parsed from its JSON line and evaluated; --inflight N keeps N
// evaluations running at once (1: sequential).
'use strict';
const fs = require('fs');
const path = require('path');
const { ZenEngine } = require('@gorules/zen-engine');
const { readEvents, report } = require('./common');

async function main() {
  const file = process.argv[2];
  const inflight = Number(process.argv[3] || 1);
  const events = readEvents(file);
  const engine = new ZenEngine();
  const decision = engine.createDecision(fs.readFileSync(path.join(__dirname, 'decide.jdm.json')));
  const out = new Array(events.length);
  const t0 = process.hrtime.bigint();
  let next = 0;
  async function worker() {
    while (next < events.length) {
      const i = next++;
      const ev = JSON.parse(events[i]);
      const r = await decision.evaluate(ev.data.attrs);
      out[i] = `${ev.id} ${r.result.class} ${r.result.days} ${r.result.tier}\n`;
    }
  }
  await Promise.all(Array.from({ length: inflight }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  report(events.length, seconds, out, { inflight });
  engine.dispose();
}
main().catch((e) => { console.error(e); process.exit(1); });
