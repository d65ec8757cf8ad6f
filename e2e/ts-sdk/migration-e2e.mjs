// End-to-end scenario: the official SpacetimeDB TypeScript SDK stays connected while the notes module is
// updated compatibly (v1 → v2) and is disconnected by a client-breaking update (v2 → v3). The script publishes
// the way `spacetime publish` does: pre_publish, then PUT with the plan's token.
// Env: PORT, DB, OWNER_TOKEN (the database owner's token), V2_WASM, V3_WASM (module paths).
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { check, fail } from './checks.mjs';

// The notes module's (v1) bindings as `lightcone generate` writes them (module_bindings/, kept up to date by
// codegen's GoldenFilesTest), imported as TypeScript through ts-loader.mjs; v2 keeps that shape.
register('./ts-loader.mjs', import.meta.url);
const { DbConnection } = await import('./module_bindings/migrate-v1/index.ts');

const port = process.env.PORT || '3000';
const db = process.env.DB || 'notes';
const base = `http://127.0.0.1:${port}/v1/database/${db}`;
const auth = { Authorization: `Bearer ${process.env.OWNER_TOKEN}` };
const deadline = setTimeout(() => fail('timed out'), Number(process.env.TIMEOUT_MS || 60000));

/** pre_publish then publish, approving the plan as the official CLI does; returns the plan. */
async function publish(path) {
  const wasm = readFileSync(path);
  const pre = await fetch(`${base}/pre_publish?pretty_print_style=NoColor&host_type=Wasm`,
    { method: 'POST', headers: auth, body: wasm });
  if (pre.status !== 200) fail(`pre_publish answered ${pre.status}: ${await pre.text()}`);
  const plan = (await pre.json()).AutoMigrate;
  if (!plan) fail('the update needs a manual migration');
  const put = await fetch(`${base}?host_type=Wasm&policy=BreakClients&token=${plan.token}`,
    { method: 'PUT', headers: auth, body: wasm });
  if (put.status !== 200) fail(`publish answered ${put.status}: ${await put.text()}`);
  return plan;
}

let disconnected;
const gone = new Promise(resolve => { disconnected = resolve; });
const inserts = [];
let onInsert = () => {};
const conn = await new Promise((resolve, reject) => {
  DbConnection.builder().withUri(`ws://127.0.0.1:${port}`).withDatabaseName(db)
    .onConnect(c => resolve(c))
    .onConnectError((_ctx, e) => reject(e))
    .onDisconnect((_ctx, e) => disconnected(e ?? 'closed'))
    .build();
});
conn.db.note.onInsert((_ctx, row) => { inserts.push(row.text); onInsert(row); });
await new Promise((resolve, reject) => {
  conn.subscriptionBuilder().onApplied(resolve).onError((_ctx, e) => reject(e)).subscribe(['SELECT * FROM note']);
});
check(inserts.includes('welcome'), 'the subscription delivers the row v1 inserted in init');

const compatible = await publish(process.env.V2_WASM);
check(compatible.break_clients === false, 'v1 → v2 does not break clients');
check(compatible.migrate_plan.includes('Created user table: tag'), 'the plan names the added table');

const arrived = new Promise(resolve => { onInsert = row => { if (row.text === 'after v2') resolve(row); }; });
await conn.reducers.addNote({ text: 'after v2' });
const row = await arrived;
check(row.text === 'after v2' && typeof row.id === 'bigint', 'after the compatible update the client stays connected'
  + ' and its subscription keeps streaming');

const breaking = await publish(process.env.V3_WASM);
check(breaking.break_clients === true, 'v2 → v3 breaks clients');
await gone;
check(true, 'the client-breaking update disconnects the client');

clearTimeout(deadline);
console.log('E2E OK');
process.exit(0);
