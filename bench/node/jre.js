// json-rules-engine on the benchmark's decisions: class A-D (first match by
// priority, carrying the class's follow-up interval) and the discount tier.
'use strict';
const { Engine } = require('json-rules-engine');
const { readEvents, report } = require('./common');

function engine() {
  const e = new Engine([], { allowUndefinedFacts: true });
  const cls = (name, days, priority, all) =>
    e.addRule({ name, priority, conditions: { all },
                event: { type: 'class', params: { class: name, days } } });
  cls('A', 30, 40, [{ fact: 'revenue_fen', operator: 'greaterThanInclusive', value: 50000000 },
                    { fact: 'overdue_days', operator: 'lessThanInclusive', value: 30 }]);
  cls('B', 90, 30, [{ fact: 'revenue_fen', operator: 'greaterThanInclusive', value: 10000000 },
                    { fact: 'overdue_days', operator: 'lessThanInclusive', value: 60 }]);
  cls('C', 180, 20, [{ fact: 'revenue_fen', operator: 'greaterThanInclusive', value: 1000000 },
                     { fact: 'overdue_days', operator: 'lessThanInclusive', value: 90 }]);
  cls('D', 365, 10, [{ fact: 'revenue_fen', operator: 'greaterThanInclusive', value: 0 }]);
  const tier = (name, priority, min) =>
    e.addRule({ name, priority,
                conditions: { all: [{ fact: 'discount_pct', operator: 'greaterThan', value: min }] },
                event: { type: 'tier', params: { tier: name, min } } });
  tier('general_manager', 40, 30);
  tier('sales_director', 30, 15);
  tier('sales_manager', 20, 5);
  return e;
}

async function main() {
  const events = readEvents(process.argv[2]);
  const e = engine();
  const out = new Array(events.length);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < events.length; i++) {
    const ev = JSON.parse(events[i]);
    const { events: fired } = await e.run(ev.data.attrs);
    // Rules run in priority order: the first class event is the match; the
    // tier is the one with the highest threshold that fired.
    let c = null, t = null;
    for (const f of fired) {
      if (f.type === 'class' && c === null) c = f.params;
      if (f.type === 'tier' && (t === null || f.params.min > t.min)) t = f.params;
    }
    out[i] = `${ev.id} ${c.class} ${c.days} ${t ? t.tier : 'none'}\n`;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  report(events.length, seconds, out);
}
main().catch((e) => { console.error(e); process.exit(1); });
