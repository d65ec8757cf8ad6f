#!/usr/bin/env node
// Scripted checks of the prebuilt modules in dist/ against the fake host of
// inspect.mjs: argument decoding, insert write-back, updates, index scans,
// iterator chunking (BUFFER_TOO_SMALL), procedures, views, traps.
// Development aid only; the real tests are the Java executor's JUnit tests.
//
//   node tools/selftest.mjs [-v]

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeHost, Writer, show } from './inspect.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const verbose = process.argv.includes('-v');
let passed = 0, failed = 0;

function check(name, cond, detail) {
  if (cond) { passed++; if (verbose) console.log(`  ok   ${name}`); }
  else { failed++; console.log(`  FAIL ${name}${detail !== undefined ? `: ${show(detail)}` : ''}`); }
}
const eq = (name, actual, expected) => check(name, show(actual) === show(expected), { actual, expected });

// BSATN argument builders.
const w = () => new Writer();
const S = s => w().str(s).bytes();
const U8 = n => w().u8(n).bytes();
const U32 = n => w().u32(n).bytes();
const U64 = n => w().bigLE(n, 8).bytes();
const I64 = n => w().bigLE(n, 8).bytes();
const F64 = x => { const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, x, true); return b; };
const cat = (...parts) => { const x = w(); parts.forEach(p => x.push(p)); return x.bytes(); };
const ident = n => new Uint8Array(32).fill(n);
const load = (name, opts) => new FakeHost(readFileSync(join(dist, `${name}.wasm`)), { log: verbose, ...opts }).start();

function bank() {
  console.log('bank');
  const h = load('bank');
  eq('seed ok', h.callReducer('seed', U32(5)).code, 0);
  eq('5 accounts', h.rows('accounts').length, 5);
  eq('seed again skips existing', h.callReducer('seed', U32(6)).code, 0);
  eq('6 accounts', h.rows('accounts').length, 6);
  eq('transfer ok', h.callReducer('transfer', cat(U32(0), U32(1), I64(300))).code, 0);
  const bal = Object.fromEntries(h.rows('accounts').map(([id, b]) => [id, Number(b)]));
  eq('balances after transfer', [bal[0], bal[1]], [700, 1300]);
  const r = h.callReducer('transfer', cat(U32(0), U32(1), I64(701)));
  eq('insufficient funds', [r.code, r.msg], [1, 'insufficient funds']);
  eq('missing account', h.callReducer('transfer', cat(U32(0), U32(99), I64(1))).msg, 'no account 99');
  eq('self transfer ok', h.callReducer('transfer', cat(U32(2), U32(2), I64(5))).code, 0);
  eq('total conserved', h.rows('accounts').reduce((a, [, b]) => a + Number(b), 0), 6000);
  const t = h.callReducer('transfer', cat(U32(0), U32(1)));
  check('short args trap', t.trap && /argument/.test(h.logs.at(-1)?.msg ?? ''), t);
}

function quickstart() {
  console.log('quickstart-chat');
  const h = load('quickstart-chat');
  const A = ident(0xa1);
  eq('connect', h.callReducer('client_connected', undefined, { sender: A, connectionId: 5n }).code, 0);
  eq('user online, no name', h.rows('user').map(u => [u[1].tag, u[2]]), [[1, true]]);
  eq('empty name rejected', h.callReducer('set_name', S(''), { sender: A }).msg, 'Names must not be empty');
  eq('set name', h.callReducer('set_name', S('bob'), { sender: A }).code, 0);
  eq('name stored', h.rows('user')[0][1], { tag: 0, value: 'bob' });
  eq('unknown user', h.callReducer('set_name', S('x'), { sender: ident(9) }).msg, 'Cannot set name for unknown user');
  eq('empty message rejected', h.callReducer('send_message', S(''), { sender: A }).code, 1);
  const m = h.callReducer('send_message', S('hello'), { sender: A, timestamp: 1234n });
  eq('message sent', [m.code, h.rows('message')[0].slice(1)], [0, [[1234n], 'hello']]);
  eq('disconnect', h.callReducer('identity_disconnected', undefined, { sender: A }).code, 0);
  eq('offline', h.rows('user')[0][2], false);
  h.callReducer('client_connected', undefined, { sender: A });
  eq('online again keeps name', [h.rows('user').length, h.rows('user')[0][1].value, h.rows('user')[0][2]], [1, 'bob', true]);
}

function guide() {
  console.log('guide');
  const h = load('guide');
  const A = ident(0x0a);
  eq('init', h.callReducer('init').code, 0);
  eq('config seeded', h.rows('config'), [['version', '1.0']]);
  eq('hourly schedule', h.rows('cleanup_schedule'), [[1n, { tag: 0, value: [3600000000n] }]]);
  eq('create_user', h.callReducer('create_user', cat(S('Ann'), S('ann@x')), { sender: A }).code, 0);
  eq('create_user 2', h.callReducer('create_user', cat(S('Bo'), S('bo@x')), { sender: ident(0x0b) }).code, 0);
  eq('auto_inc ids', h.rows('users').map(u => u[0]), [1n, 2n]);
  eq('duplicate email', h.callReducer('create_user', cat(S('A2'), S('ann@x'))).msg, 'Email already exists');
  eq('rename', h.callReducer('rename_user', cat(U64(2), S('Bob'))).code, 0);
  eq('renamed', h.rows('users').find(u => u[0] === 2n)[2], 'Bob');
  eq('rename missing', h.callReducer('rename_user', cat(U64(9), S('x'))).msg, 'User not found');
  eq('on_disconnect marks offline', [h.callReducer('on_disconnect', undefined, { sender: A }).code, h.rows('users').find(u => u[0] === 1n)[5]], [0, false]);
  eq('accounts', [h.callReducer('create_account', cat(U64(1), F64(100))).code, h.callReducer('create_account', cat(U64(2), F64(50))).code], [0, 0]);
  const t = h.callReducer('transfer', cat(U64(1), U64(2), F64(500)));
  eq('insufficient funds', [t.code, t.msg], [1, 'Insufficient funds']);
  eq('transfer', h.callReducer('transfer', cat(U64(1), U64(2), F64(30))).code, 0);
  eq('balances', h.rows('accounts').map(a => a[2]).sort(), [70, 80]);
  eq('withdraw validation', h.callReducer('withdraw', cat(U64(1), F64(-1))).msg, 'Amount must be positive');
  for (const [ts, text] of [[1000n, 'a'], [2000n, 'b'], [3000n, 'c']]) h.callReducer('send_message', cat(U64(7), S(text)), { timestamp: ts });
  h.callReducer('send_message', cat(U64(8), S('other')), { timestamp: 2500n });
  h.callReducer('count_channel_messages', cat(U64(7), I64(2000n)));
  check('composite index prefix + range', h.logs.some(l => /^channel 7 has 3 messages, 2 since/.test(l.msg)), h.logs.at(-1));
  const items = cat(U32(3), S('x'), U32(1), S('y'), U32(2), S('z'), U32(3));
  eq('bulk_insert', h.callReducer('bulk_insert', items).code, 0);
  eq('items with ids', h.rows('items'), [[1n, 'x', 1], [2n, 'y', 2], [3n, 'z', 3]]);
  eq('item not found', h.callReducer('do_something', U64(9)).msg, 'Item not found');
  const stats = h.callProcedure('get_stats');
  eq('get_stats', [stats.code, stats.value], [0, { tag: 0, value: '{"users":2,"messages":4}' }]);
  const pos = cat(F64(1), F64(2), F64(3));
  h.callReducer('add_player', cat(S('p1'), pos, U8(1)));
  h.callReducer('add_player', cat(S('p2'), pos, U8(0)));
  eq('ban inactive via enum index', [h.callReducer('ban_inactive_players').code, h.rows('players').map(p => p[3].tag)], [0, [0, 2]]);
  eq('event insert', [h.callReducer('notify', cat(U64(1), S('hi'))).code, h.rows('notification_events').length], [0, 1]);
  eq('private message', h.callReducer('send_private_message', cat(ident(3), S('psst'))).code, 0);
  eq('migrate', [h.callReducer('migrate_user', U64(2)).code, h.rows('users_v2')], [0, [[2n, 'bo@x', 'Bob', { tag: 0, value: [] }]]]);
  // The schedule row as the scheduler would pass it; messages older than a day go.
  const day = 86_400_000_000n;
  h.callReducer('send_message', cat(U64(7), S('fresh')), { timestamp: 10n * day });
  const row = cat(U64(1), U8(0), I64(3600000000n));
  eq('cleanup', h.callReducer('cleanup', row, { timestamp: 10n * day + 5n }).code, 0);
  eq('old messages deleted', h.rows('messages').map(m => m[3]), ['fresh']);
  eq('delete_user', [h.callReducer('delete_user', U64(1)).code, h.callReducer('delete_user', U64(1)).msg], [0, 'User not found']);
}

function schedule() {
  console.log('feature-schedule');
  const h = load('feature-schedule');
  eq('schedule_once', h.callReducer('schedule_once', cat(S('a'), I64(5000)), { timestamp: 1_000_000n }).code, 0);
  eq('Time row', h.rows('tick_schedule'), [[1n, { tag: 1, value: [1_005_000n] }, 'a']]);
  eq('schedule_every', h.callReducer('schedule_every', cat(S('b'), U64(250000))).code, 0);
  eq('Interval row', h.rows('tick_schedule')[1].slice(1), [{ tag: 0, value: [250000n] }, 'b']);
  eq('reschedule', [h.callReducer('reschedule', cat(U64(2), U64(1000))).code, h.rows('tick_schedule')[1][1]], [0, { tag: 0, value: [1000n] }]);
  const fire = h.callReducer('tick', cat(U64(1), U8(1), I64(1_005_000n), S('a')), { timestamp: 1_005_001n });
  eq('tick fired', [fire.code, h.rows('counters')], [0, [['a', 1n]]]);
  h.callReducer('tick', cat(U64(1), U8(1), I64(1_005_000n), S('a')));
  eq('counter incremented', h.rows('counters'), [['a', 2n]]);
  eq('firing row', h.rows('firings')[0].slice(1, 4).concat([h.rows('firings')[0][5]]), ['a', 1n, [1_005_001n], false]);
  eq('failing tick', h.callReducer('tick', cat(U64(3), U8(0), I64(1n), S('fail'))).msg, 'scheduled reducer failed on purpose');
  eq('cancel', [h.callReducer('cancel', U64(1)).code, h.callReducer('cancel', U64(1)).msg], [0, 'no schedule 1']);
  eq('schedule_procedure', h.callReducer('schedule_procedure', cat(S('p'), I64(10))).code, 0);
  const p = h.callProcedure('proc_tick', cat(U64(1), U8(1), I64(5n), S('p')));
  eq('scheduled procedure', [p.code, h.rows('counters').find(c => c[0] === 'proc:p')], [0, ['proc:p', 1n]]);
  eq('reset clears', [h.callReducer('reset').code, h.rows('counters').length, h.rows('firings').length], [0, 0, 0]);
}

function views() {
  console.log('feature-views');
  const h = load('feature-views');
  const [A, B, C] = [ident(1), ident(2), ident(3)];
  h.callReducer('join', S('ann'), { sender: A });
  h.callReducer('join', S('bob'), { sender: B });
  h.callReducer('join', S('cy'), { sender: C });
  h.callReducer('set_score', U64(150), { sender: A });
  h.callReducer('set_score', U64(150), { sender: B });
  h.callReducer('set_score', U64(300), { sender: C });
  h.callReducer('leave', undefined, { sender: B });
  const mine = h.callView('my_player', { sender: A });
  eq('my_player', [mine.code, mine.header, mine.rows.map(r => r[1])], [2, 0, ['ann']]);
  eq('my_player unknown', h.callView('my_player', { sender: ident(9) }).rows, []);
  eq('my_peers (index point)', h.callView('my_peers', { sender: A }).rows.map(r => r[1]), ['bob']);
  eq('high_scores (index range)', h.callView('high_scores').rows.map(r => r[1]), ['cy', 'bob', 'ann']);
  eq('online_players', h.callView('online_players').rows.map(r => r[1]).sort(), ['ann', 'cy']);
  eq('player_count', h.callView('player_count').rows, [[3n]]);
  eq('join twice updates', [h.callReducer('join', S('ann2'), { sender: A }).code, h.rows('players').length], [0, 3]);

  // Iterator chunks larger than the guest's 64 KiB buffer: BUFFER_TOO_SMALL.
  const big = load('feature-views', { chunkBytes: 1 << 30 });
  const name = 'n'.repeat(100);
  for (let i = 0; i < 700; i++) { const id = new Uint8Array(32); new DataView(id.buffer).setUint32(0, i + 1, true); big.callReducer('join', S(name + i), { sender: id }); }
  big.bufferTooSmall = 0;
  const all = big.callView('online_players');
  eq('700 rows through one big chunk', all.rows.length, 700);
  check('guest grew its buffer after BUFFER_TOO_SMALL', big.bufferTooSmall >= 1, big.bufferTooSmall);
  const small = load('feature-views', { chunkBytes: 1 });
  for (let i = 0; i < 50; i++) { const id = new Uint8Array(32); id[1] = i + 1; small.callReducer('join', S('p' + i), { sender: id }); }
  eq('one row per chunk', small.callView('online_players').rows.length, 50);
}

function procedures() {
  console.log('feature-procedures');
  const h = load('feature-procedures');
  eq('add_two', h.callProcedure('add_two', cat(U32(2), U32(3))).value, 5);
  eq('whoami', h.callProcedure('whoami', undefined, { sender: ident(0x42) }).value, [(1n << 256n) / 255n * 0x42n]);
  const n = h.callProcedure('nothing');
  eq('unit procedure', [n.code, n.bytes.length], [0, 0]);
  eq('insert_entry write-back 1', h.callProcedure('insert_entry', S('a')).value, 1n);
  eq('insert_entry write-back 2', h.callProcedure('insert_entry', S('b')).value, 2n);
  eq('insert_then_fail', h.callProcedure('insert_then_fail', S('c')).value, { tag: 1, value: 'failed after insert' });
  eq('rolled back', h.rows('entries').length, 2);
  eq('insert_two', h.callProcedure('insert_two', cat(S('d'), S('e'))).value, 4n);
  const s = h.callProcedure('sleep_then_count', U64(5000));
  check('slept', s.code === 0 && s.value[1][0] >= s.value[0][0] + 5000n && s.value[2] === 4n, s.value);
  eq('fetch', h.callProcedure('fetch', S('http://fake/x')).value, { tag: 0, value: '200 hello from http://fake/x' });
  eq('fetch error', h.callProcedure('fetch', S('http://nope/')).value, { tag: 1, value: 'fake host: no network for http://nope/' });
  eq('post', h.callProcedure('post', cat(S('http://fake/p'), S('body!'))).value, { tag: 0, value: 200 });
  eq('post body sent', h.httpRequests.at(-1), { method: 2, uri: 'http://fake/p', body: 'body!' });
  eq('reducer(procedure) commits', h.callProcedure('count_entries').value, { tag: 0, value: 4n });
  const before = h.commits;
  eq('reducer(procedure) Err', h.callProcedure('insert_and_reject', S('x')).value, { tag: 1, value: 'rejected' });
  eq('... rolled back', [h.rows('entries').length, h.commits], [4, before]);
}

function hostile() {
  console.log('feature-hostile');
  const h = load('feature-hostile');
  eq('ok', h.callReducer('ok', S('first')).code, 0);
  eq('fail', h.callReducer('fail', S('boom')), { code: 1, msg: 'boom', inserted: [], updated: [] });
  for (const [name, args] of [['panic_now', S('bad things')], ['insert_then_panic', S('lost')], ['bad_pointer'], ['trap_unreachable'], ['host_null_pointer'], ['host_out_of_bounds'], ['overflow_stack']]) {
    const r = h.callReducer(name, args);
    check(`${name} traps`, r.trap !== undefined, r);
  }
  check('panic logged at level 101 with location', h.logs.some(l => l.level === 'PANIC' && l.msg === 'bad things' && /lib\.rs$/.test(l.file) && l.line > 0), h.logs.filter(l => l.level === 'PANIC'));
  eq('rolled back insert before panic', h.rows('survivors').map(s => s[1]), ['first']);
  eq('instance replaced and still works', [h.callReducer('ok', S('after')).code, h.rows('survivors').map(s => s[0])], [0, [1n, 2n]]);
  h.logs.length = 0;
  h.callReducer('log_levels');
  eq('log levels', h.logs.map(l => l.level), ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'INFO']);
  eq('long log line', h.logs.at(-1).msg.length, 10000);
  eq('log target', h.logs[0].target, 'feature_hostile');
}

function syntax() {
  console.log('feature-syntax');
  const h = load('feature-syntax');
  eq('explicit names', h.def.explicitNames, [{ kind: 'Table', source: 'scores', canonical: 'ScoreBoard' }, { kind: 'Function', source: 'add_score', canonical: 'AddScore' }]);
  eq('rls', h.def.rls, ['SELECT * FROM pings WHERE owner = :sender', 'SELECT * FROM ScoreBoard WHERE player = :sender']);
  const r = h.callReducer('add_score', cat(w().push(Uint8Array.of(5, 0)).bytes(), w().bigLE(10, 16).bytes()), { timestamp: 5_000_000n });
  eq('add_score', [r.code, h.rows('scores').length], [0, 0]);
  eq('two schedule rows', h.rows('later'), [[1n, { tag: 0, value: [60_000_000n] }], [2n, { tag: 1, value: [5_010_000n] }]]);
  eq('ping', [h.callReducer('ping', cat(U32(2), U8(7), U8(8)), { connectionId: 9n }).code, h.rows('pings')], [0, [[[(1n << 256n) / 255n * 7n], { tag: 0, value: [9n] }, [7, 8], [1, -1]]]]);
  eq('option view, empty', h.callView('shape_count').rows, []);
}

for (const t of [bank, quickstart, guide, schedule, views, procedures, hostile, syntax]) {
  try { t(); } catch (e) { failed++; console.log(`  FAIL ${t.name}: ${e.stack}`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
