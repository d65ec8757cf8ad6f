// Distributed mode with the official SpacetimeDB TypeScript SDK: a client connected to node A subscribes to
// the chat's messages while calls are made over HTTP on nodes B and C; it must see every one, in the order
// the command log gave them. Env: PORT_A, PORT_B, PORT_C, DB. Exits 0 when every check passed.
import { register } from 'node:module';
import { check, fail } from './checks.mjs';

// The chat module's bindings as `lightcone generate` writes them (module_bindings/, kept up to date by
// codegen's GoldenFilesTest), imported as TypeScript through ts-loader.mjs.
register('./ts-loader.mjs', import.meta.url);
const { DbConnection } = await import('./module_bindings/quickstart-chat/index.ts');

const db = process.env.DB || 'quickstart-chat';
const ports = { a: process.env.PORT_A, b: process.env.PORT_B, c: process.env.PORT_C };
const deadline = setTimeout(() => fail('timed out'), Number(process.env.TIMEOUT_MS || 60000));
const CALLS = 10;


const { conn } = await new Promise((resolve, reject) => {
  DbConnection.builder().withUri(`ws://127.0.0.1:${ports.a}`).withDatabaseName(db)
    .onConnect((conn, identity) => resolve({ conn, identity }))
    .onConnectError((_ctx, e) => reject(e))
    .build();
});
const seen = [];
let allSeen;
const done = new Promise(r => { allSeen = r; });
conn.db.message.onInsert((_ctx, row) => {
  seen.push(row.text);
  if (seen.length === 2 * CALLS) allSeen();
});
await new Promise((resolve, reject) => {
  conn.subscriptionBuilder().onApplied(resolve).onError((_ctx, e) => reject(e)).subscribe(['SELECT * FROM message']);
});
check([...conn.db.message.iter()].length === 0, 'node A serves the (empty) chat');

async function send(node, text) {
  const r = await fetch(`http://127.0.0.1:${ports[node]}/v1/database/${db}/call/send_message`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([text]),
  });
  if (r.status !== 200) fail(`call on node ${node} answered ${r.status}: ${await r.text()}`);
}
// One call at a time, alternating between B and C: each is answered once it is durable, so the log (and
// every node) has them in exactly this order.
const expected = [];
for (let i = 0; i < CALLS; i++) {
  for (const node of ['b', 'c']) {
    await send(node, `${node}${i}`);
    expected.push(`${node}${i}`);
  }
}
await done;
check(seen.length === 2 * CALLS, `the client on node A saw all ${2 * CALLS} calls made on nodes B and C`);
check(JSON.stringify(seen) === JSON.stringify(expected), 'in the order they were made: ' + seen.join(' '));
const table = [...conn.db.message.iter()].map(m => m.text);
check(JSON.stringify(table.slice().sort()) === JSON.stringify(seen.slice().sort()), 'the client cache holds exactly what it was told');
clearTimeout(deadline);
console.log('E2E OK');
process.exit(0);
