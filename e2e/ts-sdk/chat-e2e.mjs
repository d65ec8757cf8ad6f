// End-to-end scenario: the official SpacetimeDB TypeScript SDK against a Lightcone server hosting the
// quickstart-chat module. Env: PORT (server port), DB (database name). Exits 0 when every check passed.
import { register } from 'node:module';
import { check, fail } from './checks.mjs';

// The chat module's bindings as `lightcone generate` writes them (module_bindings/, kept up to date by
// codegen's GoldenFilesTest), imported as TypeScript through ts-loader.mjs.
register('./ts-loader.mjs', import.meta.url);
const { DbConnection } = await import('./module_bindings/quickstart-chat/index.ts');

const port = process.env.PORT || '3000';
const db = process.env.DB || 'quickstart-chat';
const uri = `ws://127.0.0.1:${port}`;
const deadline = setTimeout(() => fail('timed out'), Number(process.env.TIMEOUT_MS || 30000));

function connect(token) {
  return new Promise((resolve, reject) => {
    let b = DbConnection.builder().withUri(uri).withDatabaseName(db);
    if (token) b = b.withToken(token);
    b.onConnect((conn, identity, tok) => resolve({ conn, identity, token: tok }))
      .onConnectError((_ctx, e) => reject(e))
      .build();
  });
}
/** Resolves with the next value pushed to `queue` (events recorded by callbacks). */
function waiter() {
  const items = [];
  const pending = [];
  return {
    push(x) { const p = pending.shift(); if (p) p(x); else items.push(x); },
    next() { return items.length ? Promise.resolve(items.shift()) : new Promise(r => pending.push(r)); },
    size() { return items.length; },
  };
}
const hex = id => id.toHexString();

const a = await connect();
const b = await connect();
check(hex(a.identity) !== hex(b.identity), 'two anonymous clients get distinct identities');
check(typeof b.token === 'string' && b.token.split('.').length === 3, 'an anonymous client receives a JWT');

const events = waiter();
a.conn.db.user.onInsert((ctx, row) => events.push({ kind: 'user+', row }));
a.conn.db.user.onUpdate((ctx, oldRow, newRow) => events.push({ kind: 'user~', oldRow, newRow }));
a.conn.db.message.onInsert((ctx, row) => events.push({ kind: 'msg+', row }));
a.conn.db.message.onDelete((ctx, row) => events.push({ kind: 'msg-', row }));

const applied = new Promise((resolve, reject) => {
  const sub = a.conn.subscriptionBuilder()
    .onApplied(() => resolve(sub))
    .onError((_ctx, e) => reject(e))
    .subscribe(['SELECT * FROM user', 'SELECT * FROM message']);
});
const sub = await applied;
const users = [...a.conn.db.user.iter()];
check(users.some(u => hex(u.identity) === hex(a.identity) && u.online)
  && users.some(u => hex(u.identity) === hex(b.identity) && u.online), 'subscribe delivers both online users');
while (events.size()) await events.next(); // initial rows
// Messages already there (e.g. the README's curl example ran first) stay; this scenario's own come and go.
const messagesBefore = Number(a.conn.db.message.count());

await b.conn.reducers.setName({ name: 'Bob' });
let e = await events.next();
check(e.kind === 'user~' && e.oldRow.name === undefined && e.newRow.name === 'Bob'
  && hex(e.newRow.identity) === hex(b.identity), 'an update by primary key arrives as onUpdate');

await b.conn.reducers.sendMessage({ text: 'hello' });
e = await events.next();
check(e.kind === 'msg+' && e.row.text === 'hello' && hex(e.row.sender) === hex(b.identity), 'an insert arrives as onInsert');

let rejected = null;
try { await b.conn.reducers.sendMessage({ text: '' }); } catch (err) { rejected = err; }
check(rejected !== null && String(rejected.message ?? rejected).includes('Messages must not be empty'),
  'a failing reducer rejects the caller\'s promise with the reducer\'s error');
await b.conn.reducers.sendMessage({ text: 'after' });
e = await events.next();
check(e.kind === 'msg+' && e.row.text === 'after', 'the failed call reached nobody else (next event is the following insert)');

await b.conn.reducers.deleteMyMessages({});
const deleted = [await events.next(), await events.next()];
check(deleted.every(d => d.kind === 'msg-') && deleted.map(d => d.row.text).sort().join() === 'after,hello',
  'deletes arrive as onDelete');
check(Number(a.conn.db.message.count()) === messagesBefore,
  'the client cache matches the server (only the messages that were there before are left)');

const savedToken = b.token;
const bIdentity = hex(b.identity);
b.conn.disconnect();
e = await events.next();
check(e.kind === 'user~' && hex(e.newRow.identity) === bIdentity && e.newRow.online === false,
  'disconnecting runs client_disconnected (online=false arrives as an update)');

const b2 = await connect(savedToken);
check(hex(b2.identity) === bIdentity, 'reconnecting with the saved token keeps the identity');
e = await events.next();
check(e.kind === 'user~' && e.newRow.online === true && e.newRow.name === 'Bob', 'the returning user is online again');

await new Promise(resolve => sub.unsubscribeThen(() => resolve()));
check(a.conn.db.user.count() === 0n || a.conn.db.user.count() === 0, 'unsubscribe drops the rows from the cache');

b2.conn.disconnect();
a.conn.disconnect();
clearTimeout(deadline);
console.log('E2E OK');
setTimeout(() => process.exit(0), 50);
