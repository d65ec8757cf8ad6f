#!/usr/bin/env node
// Development tool: inspect a SpacetimeDB module (.wasm) without the Java host.
//
//   node tools/inspect.mjs dist/guide.wasm [--hex]
//
// Lists imports/exports (and checks that every import is a `spacetime_10.x`
// function), decodes the `lightcone.views` custom section, instantiates the
// module against an in-memory fake host, runs `_initialize`, the sorted
// `__preinit__*` exports and `__describe_module__`, and prints a decode of the
// emitted RawModuleDef. `FakeHost` is exported for scripted checks
// (tools/selftest.mjs): it implements the datastore imports well enough to
// call reducers, procedures and views and watch rows change.
//
// Not part of the product: the real host is the Java executor.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- BSATN ----

export class Reader {
  constructor(buf, pos = 0) { this.buf = buf; this.pos = pos; this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }
  remaining() { return this.buf.length - this.pos; }
  need(n) { if (this.pos + n > this.buf.length) throw new Error(`BSATN: unexpected end (want ${n} at ${this.pos}/${this.buf.length})`); }
  u8() { this.need(1); return this.buf[this.pos++]; }
  u16() { this.need(2); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  u32() { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  bytes(n) { this.need(n); const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  str() { const n = this.u32(); return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(n)); }
  bool() { const b = this.u8(); if (b > 1) throw new Error(`BSATN: bad bool ${b}`); return b === 1; }
  bigLE(n, signed) {
    const b = this.bytes(n); let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (signed && (b[n - 1] & 0x80)) v -= 1n << BigInt(8 * n);
    return v;
  }
  opt(f) { const t = this.u8(); if (t === 0) return f(); if (t === 1) return null; throw new Error(`BSATN: bad option tag ${t}`); }
  arr(f) { const n = this.u32(); const out = []; for (let i = 0; i < n; i++) out.push(f()); return out; }
}

export class Writer {
  constructor() { this.parts = []; this.len = 0; }
  push(b) { this.parts.push(b); this.len += b.length; return this; }
  u8(v) { return this.push(Uint8Array.of(v)); }
  u32(v) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); return this.push(b); }
  bigLE(v, n) { const b = new Uint8Array(n); let x = BigInt.asUintN(8 * n, BigInt(v)); for (let i = 0; i < n; i++) { b[i] = Number(x & 0xffn); x >>= 8n; } return this.push(b); }
  str(s) { const b = new TextEncoder().encode(s); this.u32(b.length); return this.push(b); }
  bytes() { const out = new Uint8Array(this.len); let o = 0; for (const p of this.parts) { out.set(p, o); o += p.length; } return out; }
}

const PRIMS = ['Ref', 'Sum', 'Product', 'Array', 'String', 'Bool', 'I8', 'U8', 'I16', 'U16', 'I32', 'U32', 'I64', 'U64', 'I128', 'U128', 'I256', 'U256', 'F32', 'F64'];
const INT_SIZE = { I8: 1, U8: 1, I16: 2, U16: 2, I32: 4, U32: 4, I64: 8, U64: 8, I128: 16, U128: 16, I256: 32, U256: 32 };

function readElements(r) {
  return r.arr(() => ({ name: r.opt(() => r.str()), type: readType(r) }));
}
export function readType(r) {
  const tag = r.u8();
  const kind = PRIMS[tag];
  if (kind === undefined) throw new Error(`bad AlgebraicType tag ${tag}`);
  switch (kind) {
    case 'Ref': return { kind, ref: r.u32() };
    case 'Sum': return { kind, variants: readElements(r) };
    case 'Product': return { kind, elements: readElements(r) };
    case 'Array': return { kind, elem: readType(r) };
    default: return { kind };
  }
}

export function typeToString(t, ts) {
  switch (t.kind) {
    case 'Ref': return ts && ts.names[t.ref] ? ts.names[t.ref] : `&${t.ref}`;
    case 'Array': return `Array<${typeToString(t.elem, ts)}>`;
    case 'Product': {
      if (t.elements.length === 1 && t.elements[0].name && t.elements[0].name.startsWith('__')) return t.elements[0].name.replace(/^__|__$/g, '');
      return `(${t.elements.map(e => `${e.name ?? '_'}: ${typeToString(e.type, ts)}`).join(', ')})`;
    }
    case 'Sum': {
      const names = t.variants.map(v => v.name);
      if (names.length === 2 && names[0] === 'some' && names[1] === 'none') return `Option<${typeToString(t.variants[0].type, ts)}>`;
      return `{${t.variants.map(v => `${v.name}${v.type.kind === 'Product' && v.type.elements.length === 0 ? '' : `(${typeToString(v.type, ts)})`}`).join(' | ')}}`;
    }
    default: return t.kind;
  }
}

// Decode a value of type `t`; values: numbers (<= 32 bits, floats), BigInt
// (64+ bits), strings, booleans, arrays (products/arrays), {tag, value} (sums).
export function decodeValue(t, r, typespace) {
  switch (t.kind) {
    case 'Ref': return decodeValue(typespace[t.ref], r, typespace);
    case 'Bool': return r.bool();
    case 'String': return r.str();
    case 'F32': { r.need(4); const v = r.dv.getFloat32(r.pos, true); r.pos += 4; return v; }
    case 'F64': { r.need(8); const v = r.dv.getFloat64(r.pos, true); r.pos += 8; return v; }
    case 'Array': { if (t.elem.kind === 'U8') return Array.from(r.bytes(r.u32())); return r.arr(() => decodeValue(t.elem, r, typespace)); }
    case 'Product': return t.elements.map(e => decodeValue(e.type, r, typespace));
    case 'Sum': { const tag = r.u8(); if (tag >= t.variants.length) throw new Error(`bad sum tag ${tag}`); return { tag, value: decodeValue(t.variants[tag].type, r, typespace) }; }
    default: {
      const n = INT_SIZE[t.kind]; const signed = t.kind[0] === 'I';
      if (n <= 4) { const v = r.bigLE(n, signed); return Number(v); }
      return r.bigLE(n, signed);
    }
  }
}

export function compareValues(a, b) {
  if (typeof a === 'object' && a !== null && 'tag' in a && !Array.isArray(a)) {
    if (a.tag !== b.tag) return a.tag - b.tag;
    return compareValues(a.value, b.value);
  }
  if (Array.isArray(a)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) { const c = compareValues(a[i], b[i]); if (c) return c; }
    return a.length - b.length;
  }
  if (a < b) return -1; if (a > b) return 1; return 0;
}

function show(v) {
  return JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? (x > 0xffffffffffffn ? '0x' + x.toString(16) : x.toString()) : x));
}

// --------------------------------------------------------- RawModuleDef ----

const SECTION_NAMES = ['Typespace', 'Types', 'Tables', 'Reducers', 'Procedures', 'Views', 'Schedules', 'LifeCycleReducers', 'RowLevelSecurity', 'CaseConversionPolicy', 'ExplicitNames', 'HttpHandlers', 'HttpRoutes', 'ViewPrimaryKeys'];

export function decodeModuleDef(bytes) {
  const r = new Reader(bytes);
  const version = r.u8();
  if (version !== 2) throw new Error(`RawModuleDef tag ${version}, expected 2 (V10)`);
  const def = { sectionOrder: [], typespace: [], types: [], tables: [], reducers: [], procedures: [], views: [], schedules: [], lifecycle: [], rls: [], explicitNames: [] };
  const nSections = r.u32();
  for (let s = 0; s < nSections; s++) {
    const tag = r.u8();
    const name = SECTION_NAMES[tag] ?? `Unknown(${tag})`;
    let count;
    switch (tag) {
      case 0: def.typespace = r.arr(() => readType(r)); count = def.typespace.length; break;
      case 1: def.types = r.arr(() => ({ scope: r.arr(() => r.str()), name: r.str(), ty: r.u32(), customOrdering: r.bool() })); count = def.types.length; break;
      case 2: def.tables = r.arr(() => ({
        name: r.str(), typeRef: r.u32(), primaryKey: r.arr(() => r.u16()),
        indexes: r.arr(() => {
          const sourceName = r.opt(() => r.str()); const accessor = r.opt(() => r.str()); const at = r.u8();
          const algorithm = ['btree', 'hash', 'direct'][at];
          const columns = at === 2 ? [r.u16()] : r.arr(() => r.u16());
          return { sourceName, accessor, algorithm, columns };
        }),
        constraints: r.arr(() => { const n = r.opt(() => r.str()); const t = r.u8(); if (t !== 0) throw new Error('constraint tag'); return { name: n, unique: r.arr(() => r.u16()) }; }),
        sequences: r.arr(() => ({ name: r.opt(() => r.str()), column: r.u16(), start: r.opt(() => r.bigLE(16, true)), min: r.opt(() => r.bigLE(16, true)), max: r.opt(() => r.bigLE(16, true)), increment: r.bigLE(16, true) })),
        tableType: r.u8(), access: r.u8() === 0 ? 'public' : 'private',
        defaults: r.arr(() => ({ col: r.u16(), value: r.bytes(r.u32()) })), isEvent: r.bool(),
      })); count = def.tables.length; break;
      case 3: def.reducers = r.arr(() => ({ name: r.str(), params: readElements(r), visibility: r.u8() === 1 ? 'ClientCallable' : 'Private', ok: readType(r), err: readType(r) })); count = def.reducers.length; break;
      case 4: def.procedures = r.arr(() => ({ name: r.str(), params: readElements(r), returnType: readType(r), visibility: r.u8() === 1 ? 'ClientCallable' : 'Private' })); count = def.procedures.length; break;
      case 5: def.views = r.arr(() => ({ name: r.str(), index: r.u32(), isPublic: r.bool(), isAnonymous: r.bool(), params: readElements(r), returnType: readType(r) })); count = def.views.length; break;
      case 6: def.schedules = r.arr(() => ({ sourceName: r.opt(() => r.str()), table: r.str(), column: r.u16(), function: r.str() })); count = def.schedules.length; break;
      case 7: def.lifecycle = r.arr(() => ({ kind: ['Init', 'OnConnect', 'OnDisconnect'][r.u8()], function: r.str() })); count = def.lifecycle.length; break;
      case 8: def.rls = r.arr(() => r.str()); count = def.rls.length; break;
      case 9: def.casePolicy = r.u8(); count = 1; break;
      case 10: def.explicitNames = r.arr(() => ({ kind: ['Table', 'Function', 'Index'][r.u8()], source: r.str(), canonical: r.str() })); count = def.explicitNames.length; break;
      case 11: def.httpHandlers = r.arr(() => r.str()); count = def.httpHandlers.length; break;
      case 12: {
        const methods = ['Get', 'Head', 'Post', 'Put', 'Delete', 'Connect', 'Options', 'Trace', 'Patch', 'Extension'];
        const method = () => { const t = r.u8(); return t === 9 ? `Extension(${r.str()})` : methods[t]; };
        def.httpRoutes = r.arr(() => ({ handler: r.str(), method: r.u8() === 0 ? 'Any' : method(), path: r.str() }));
        count = def.httpRoutes.length;
        break;
      }
      case 13: def.viewPrimaryKeys = r.arr(() => ({ view: r.str(), columns: r.arr(() => r.str()) })); count = def.viewPrimaryKeys.length; break;
      default: throw new Error(`cannot decode section tag ${tag}`);
    }
    def.sectionOrder.push({ tag, name, count });
  }
  if (r.remaining() !== 0) throw new Error(`${r.remaining()} trailing bytes after RawModuleDef`);
  def.names = {};
  for (const t of def.types) def.names[t.ty] = t.name;
  return def;
}

export function printDef(def, out = console.log) {
  const ts = { names: def.names };
  out(`sections: ${def.sectionOrder.map(s => `${s.name}(${s.tag})[${s.count}]`).join(', ')}`);
  def.types.forEach(t => out(`  type ${t.name} = &${t.ty}: ${typeToString(def.typespace[t.ty], ts)}`));
  for (const t of def.tables) {
    const row = def.typespace[t.typeRef];
    out(`  table ${t.name} (${t.access}${t.isEvent ? ', event' : ''}) row=&${t.typeRef} ${typeToString(row, ts)} pk=[${t.primaryKey}]`);
    t.indexes.forEach(i => out(`    index ${i.sourceName} accessor=${i.accessor} ${i.algorithm}[${i.columns}]`));
    t.constraints.forEach(c => out(`    unique [${c.unique}]`));
    t.sequences.forEach(s => out(`    sequence col ${s.column} increment ${s.increment}`));
  }
  def.reducers.forEach((r, i) => out(`  reducer #${i} ${r.name}(${r.params.map(p => `${p.name}: ${typeToString(p.type, ts)}`).join(', ')}) ${r.visibility}`));
  def.procedures.forEach((p, i) => out(`  procedure #${i} ${p.name}(${p.params.map(x => `${x.name}: ${typeToString(x.type, ts)}`).join(', ')}) -> ${typeToString(p.returnType, ts)}`));
  def.views.forEach(v => out(`  view ${v.name} index=${v.index} ${v.isAnonymous ? 'anonymous' : 'per-sender'} ${v.isPublic ? 'public' : 'private'} -> ${typeToString(v.returnType, ts)}`));
  def.schedules.forEach(s => out(`  schedule table=${s.table} col=${s.column} -> ${s.function}`));
  def.lifecycle.forEach(l => out(`  lifecycle ${l.kind} -> ${l.function}`));
  def.rls.forEach(s => out(`  rls ${s}`));
  def.explicitNames.forEach(e => out(`  explicit name ${e.kind} ${e.source} -> ${e.canonical}`));
}

// `lightcone.views`: BSATN records {name, sql, is_public, row_type} back to back.
export function decodeLightconeViews(module) {
  const out = [];
  for (const sec of WebAssembly.Module.customSections(module, 'lightcone.views')) {
    const r = new Reader(new Uint8Array(sec));
    while (r.remaining() > 0) out.push({ name: r.str(), sql: r.str(), isPublic: r.bool(), rowType: r.str() });
  }
  return out;
}

// ------------------------------------------------------------ fake host ----

const ERR = { NOT_IN_TX: 2, DECODE: 3, NO_TABLE: 4, NO_INDEX: 5, NO_ITER: 6, NO_BYTES: 8, TOO_SMALL: 11, UNIQUE: 12, NOT_UNIQUE: 14, NO_ROW: 15, WOULD_BLOCK: 17, NOT_ANON: 18, HTTP: 21 };
const EXHAUSTED = -1;

class Trap extends Error {}

function eqBytes(a, b) { if (a.length !== b.length) return false; for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; }
function concat(list) { const w = new Writer(); list.forEach(b => w.push(b)); return w.bytes(); }

export class FakeHost {
  constructor(bytes, { log = true, chunkBytes = 4096 } = {}) {
    this.module = new WebAssembly.Module(bytes);
    this.logEnabled = log;
    this.chunkBytes = chunkBytes;
    this.logs = [];
    this.dbIdentity = new Uint8Array(32).fill(0xdb);
    this.clock = 1_700_000_000_000_000n;
    this.reset();
  }

  reset() { this.sources = new Map(); this.sinks = new Map(); this.iters = new Map(); this.nextId = 1; }

  // Instantiate + bring-up (module-abi.md §2.3).
  start() {
    this.instance = new WebAssembly.Instance(this.module, this.imports());
    const ex = this.instance.exports;
    this.ex = ex;
    if (ex._initialize) ex._initialize();
    const preinits = Object.keys(ex).filter(n => n.startsWith('__preinit__')).sort();
    this.preinits = preinits;
    preinits.forEach(n => ex[n]());
    const sink = this.newSink();
    ex.__describe_module__(sink);
    this.defBytes = this.takeSink(sink);
    this.def = decodeModuleDef(this.defBytes);
    if (!this.tables) this.createSchema();
    this.reset();
    return this;
  }

  createSchema() {
    this.tables = new Map();
    this.indexes = new Map();
    let tid = 100, iid = 500;
    for (const t of this.def.tables) {
      const row = this.def.typespace[t.typeRef];
      const table = { id: tid++, def: t, cols: row.elements, rows: [], seqs: new Map(t.sequences.map(s => [s.column, 1n])) };
      this.tables.set(table.id, table);
      for (const ix of t.indexes) {
        const unique = t.constraints.some(c => c.unique.length === ix.columns.length && c.unique.every((x, k) => x === ix.columns[k]));
        this.indexes.set(iid, { id: iid, name: ix.sourceName, table, columns: ix.columns, unique, algorithm: ix.algorithm });
        iid++;
      }
    }
  }

  mem() { return new Uint8Array(this.ex.memory.buffer); }
  dv() { return new DataView(this.ex.memory.buffer); }
  read(ptr, len) { ptr >>>= 0; len >>>= 0; if (ptr === 0) throw new Trap('NULL pointer'); const m = this.mem(); if (ptr + len > m.length) throw new Trap('out of bounds'); return m.slice(ptr, ptr + len); }
  write(ptr, bytes) { ptr >>>= 0; if (ptr === 0) throw new Trap('NULL pointer'); const m = this.mem(); if (ptr + bytes.length > m.length) throw new Trap('out of bounds'); m.set(bytes, ptr); }
  str(ptr, len) { return new TextDecoder().decode(this.read(ptr, len)); }
  u32out(ptr, v) { this.dv().setUint32(ptr, v, true); }
  u64out(ptr, v) { this.dv().setBigUint64(ptr, BigInt.asUintN(64, BigInt(v)), true); }

  newSource(bytes) { if (!bytes || bytes.length === 0) return 0; const id = this.nextId++; this.sources.set(id, { bytes, pos: 0 }); return id; }
  newSink() { const id = this.nextId++; this.sinks.set(id, []); return id; }
  takeSink(id) { const parts = this.sinks.get(id); this.sinks.delete(id); return concat(parts.map(p => p)); }

  log(level, target, file, line, msg) {
    const names = { 0: 'ERROR', 1: 'WARN', 2: 'INFO', 3: 'DEBUG', 4: 'TRACE', 101: 'PANIC' };
    const rec = { level: names[level] ?? level, target, file, line, msg };
    this.logs.push(rec);
    if (this.logEnabled) console.log(`    [${rec.level}] ${msg}${file ? `  (${file}:${line})` : ''}`);
  }

  needTx() { return this.tx ? 0 : ERR.NOT_IN_TX; }

  // Row helpers -----------------------------------------------------------
  decodeRow(table, bytes) {
    const r = new Reader(bytes);
    const spans = []; const vals = [];
    for (const c of table.cols) { const s = r.pos; vals.push(decodeValue(c.type, r, this.def.typespace)); spans.push([s, r.pos]); }
    if (r.remaining() !== 0) throw new Error('trailing row bytes');
    return { bytes, vals, spans };
  }
  keyBytes(row, cols) { return concat(cols.map(c => row.bytes.subarray(row.spans[c][0], row.spans[c][1]))); }
  colType(table, c) { return table.cols[c].type; }

  uniqueViolation(table, row, except) {
    for (const c of table.def.constraints) {
      const key = this.keyBytes(row, c.unique);
      if (table.rows.some(o => o !== except && eqBytes(this.keyBytes(o, c.unique), key))) return true;
    }
    return false;
  }

  insertRow(table, bytes, except) {
    let row = this.decodeRow(table, bytes);
    const generated = [];
    const parts = row.spans.map(([s, e]) => row.bytes.subarray(s, e));
    for (const s of table.def.sequences) {
      if (row.vals[s.column] == 0) {
        const v = table.seqs.get(s.column); table.seqs.set(s.column, v + 1n);
        const n = INT_SIZE[table.cols[s.column].type.kind];
        const enc = new Writer().bigLE(v, n).bytes();
        parts[s.column] = enc; generated.push(enc);
      }
    }
    if (generated.length) row = this.decodeRow(table, concat(parts));
    if (table.rows.some(o => o !== except && eqBytes(o.bytes, row.bytes))) return { code: 0, generated: new Uint8Array(0), row: null };
    if (this.uniqueViolation(table, row, except)) return { code: ERR.UNIQUE };
    return { code: 0, generated: concat(generated), row };
  }

  scanIndex(ix, prefixBytes, prefixElems, startBytes, endBytes) {
    const ts = this.def.typespace; const t = ix.table;
    const r = new Reader(prefixBytes);
    const prefix = []; for (let k = 0; k < prefixElems; k++) prefix.push(decodeValue(this.colType(t, ix.columns[k]), r, ts));
    const colTy = this.colType(t, ix.columns[prefixElems]);
    const bound = b => { const br = new Reader(b); const tag = br.u8(); return tag === 2 ? { tag } : { tag, v: decodeValue(colTy, br, ts) }; };
    const lo = bound(startBytes), hi = bound(endBytes);
    return t.rows.filter(row => {
      for (let k = 0; k < prefixElems; k++) if (compareValues(row.vals[ix.columns[k]], prefix[k]) !== 0) return false;
      const v = row.vals[ix.columns[prefixElems]];
      if (lo.tag !== 2) { const c = compareValues(v, lo.v); if (c < 0 || (c === 0 && lo.tag === 1)) return false; }
      if (hi.tag !== 2) { const c = compareValues(v, hi.v); if (c > 0 || (c === 0 && hi.tag === 1)) return false; }
      return true;
    }).sort((a, b) => compareValues(ix.columns.map(c => a.vals[c]), ix.columns.map(c => b.vals[c])));
  }
  pointRows(ix, key) { return ix.table.rows.filter(row => eqBytes(this.keyBytes(row, ix.columns), key)); }

  newIter(rows) {
    const chunks = []; let cur = [];
    let size = 0;
    for (const row of rows) { cur.push(row.bytes); size += row.bytes.length; if (size >= this.chunkBytes) { chunks.push(concat(cur)); cur = []; size = 0; } }
    if (cur.length) chunks.push(concat(cur));
    const id = this.nextId++; this.iters.set(id, chunks); return id;
  }

  snapshot() { const snap = new Map(); for (const [id, t] of this.tables) snap.set(id, { rows: t.rows.slice(), seqs: new Map(t.seqs) }); return snap; }
  restore(snap) { for (const [id, s] of snap) { const t = this.tables.get(id); t.rows = s.rows; t.seqs = s.seqs; } }

  // Imports ---------------------------------------------------------------
  imports() {
    const h = this;
    const guard = f => (...a) => { try { return f(...a); } catch (e) { if (e instanceof Trap) throw e; throw e; } };
    const table = id => h.tables.get(id);
    const v10_0 = {
      table_id_from_name(p, l, out) { const n = h.str(p, l); if (!h.tx) return ERR.NOT_IN_TX; for (const t of h.tables.values()) if (t.def.name === n) { h.u32out(out, t.id); return 0; } return ERR.NO_TABLE; },
      index_id_from_name(p, l, out) { const n = h.str(p, l); if (!h.tx) return ERR.NOT_IN_TX; for (const ix of h.indexes.values()) if (ix.name === n) { h.u32out(out, ix.id); return 0; } return ERR.NO_INDEX; },
      datastore_table_row_count(id, out) { if (!h.tx) return ERR.NOT_IN_TX; const t = table(id); if (!t) return ERR.NO_TABLE; h.u64out(out, t.rows.length); return 0; },
      datastore_table_scan_bsatn(id, out) { if (!h.tx) return ERR.NOT_IN_TX; const t = table(id); if (!t) return ERR.NO_TABLE; h.u32out(out, h.newIter(t.rows)); return 0; },
      datastore_index_scan_range_bsatn(iid, pp, pl, pe, sp, sl, ep, el, out) {
        if (!h.tx) return ERR.NOT_IN_TX; const ix = h.indexes.get(iid); if (!ix) return ERR.NO_INDEX;
        h.u32out(out, h.newIter(h.scanIndex(ix, pe ? h.read(pp, pl) : new Uint8Array(0), pe, h.read(sp, sl), h.read(ep, el)))); return 0;
      },
      datastore_btree_scan_bsatn(...a) { return v10_0.datastore_index_scan_range_bsatn(...a); },
      datastore_delete_by_index_scan_range_bsatn(iid, pp, pl, pe, sp, sl, ep, el, out) {
        if (!h.tx) return ERR.NOT_IN_TX; const ix = h.indexes.get(iid); if (!ix) return ERR.NO_INDEX;
        const del = new Set(h.scanIndex(ix, pe ? h.read(pp, pl) : new Uint8Array(0), pe, h.read(sp, sl), h.read(ep, el)));
        ix.table.rows = ix.table.rows.filter(r => !del.has(r)); h.u32out(out, del.size); return 0;
      },
      datastore_delete_by_btree_scan_bsatn(...a) { return v10_0.datastore_delete_by_index_scan_range_bsatn(...a); },
      datastore_delete_all_by_eq_bsatn(id, p, l, out) {
        if (!h.tx) return ERR.NOT_IN_TX; const t = table(id); if (!t) return ERR.NO_TABLE;
        const r = new Reader(h.read(p, l)); const n = r.u32(); let count = 0;
        for (let i = 0; i < n; i++) {
          const s = r.pos; t.cols.forEach(c => decodeValue(c.type, r, h.def.typespace)); const bytes = r.buf.slice(s, r.pos);
          const before = t.rows.length; t.rows = t.rows.filter(x => !eqBytes(x.bytes, bytes)); count += before - t.rows.length;
        }
        h.u32out(out, count); return 0;
      },
      row_iter_bsatn_advance(id, buf, lenPtr) {
        const chunks = h.iters.get(id); if (!chunks) return ERR.NO_ITER;
        const cap = h.dv().getUint32(lenPtr, true); let written = 0; const m = h.mem();
        while (chunks.length && written + chunks[0].length <= cap) { m.set(chunks[0], buf + written); written += chunks[0].length; chunks.shift(); }
        if (written === 0 && chunks.length) { h.u32out(lenPtr, chunks[0].length); h.bufferTooSmall = (h.bufferTooSmall ?? 0) + 1; return ERR.TOO_SMALL; }
        h.u32out(lenPtr, written);
        if (!chunks.length) { h.iters.delete(id); return EXHAUSTED; }
        return 0;
      },
      row_iter_bsatn_close(id) { return h.iters.delete(id) ? 0 : ERR.NO_ITER; },
      datastore_insert_bsatn(id, p, lenPtr) {
        if (!h.tx) return ERR.NOT_IN_TX; const t = table(id); if (!t) return ERR.NO_TABLE;
        const len = h.dv().getUint32(lenPtr, true);
        let res; try { res = h.insertRow(t, h.read(p, len)); } catch (e) { if (e instanceof Trap) throw e; return ERR.DECODE; }
        if (res.code) return res.code;
        if (res.row) { t.rows.push(res.row); h.inserted.push({ table: t.def.name, vals: res.row.vals }); }
        h.write(p, res.generated); h.u32out(lenPtr, res.generated.length); return 0;
      },
      datastore_update_bsatn(id, iid, p, lenPtr) {
        if (!h.tx) return ERR.NOT_IN_TX; const t = table(id); if (!t) return ERR.NO_TABLE; const ix = h.indexes.get(iid); if (!ix) return ERR.NO_INDEX;
        if (!ix.unique) return ERR.NOT_UNIQUE;
        const len = h.dv().getUint32(lenPtr, true); const bytes = h.read(p, len);
        const newRow = h.decodeRow(t, bytes);
        const old = h.pointRows(ix, h.keyBytes(newRow, ix.columns))[0]; if (!old) return ERR.NO_ROW;
        const res = h.insertRow(t, bytes, old); if (res.code) return res.code;
        t.rows = t.rows.filter(r => r !== old); if (res.row) t.rows.push(res.row);
        h.updated.push({ table: t.def.name, vals: (res.row ?? newRow).vals });
        h.write(p, res.generated); h.u32out(lenPtr, res.generated.length); return 0;
      },
      volatile_nonatomic_schedule_immediate() {},
      bytes_sink_write(sink, p, lenPtr) { const s = h.sinks.get(sink); if (!s) return ERR.NO_BYTES; s.push(h.read(p, h.dv().getUint32(lenPtr, true))); return 0; },
      bytes_source_read(src, p, lenPtr) {
        const s = h.sources.get(src); if (!s) return ERR.NO_BYTES;
        const cap = h.dv().getUint32(lenPtr, true); const n = Math.min(cap, s.bytes.length - s.pos);
        h.write(p, s.bytes.subarray(s.pos, s.pos + n)); s.pos += n; h.u32out(lenPtr, n);
        if (s.pos >= s.bytes.length) { h.sources.delete(src); return EXHAUSTED; }
        return 0;
      },
      console_log(level, tp, tl, fp, fl, line, mp, ml) {
        try { h.log(level & 0xff, tp ? h.str(tp, tl) : null, fp ? h.str(fp, fl) : null, line, h.str(mp, ml)); } catch { /* dropped, as the reference host does */ }
      },
      console_timer_start() { return h.nextId++; },
      console_timer_end() { return 0; },
      identity(out) { h.write(out, h.dbIdentity); },
    };
    const v10_1 = { bytes_source_remaining_length(src, out) { const s = h.sources.get(src); if (!s) return ERR.NO_BYTES; h.u32out(out, s.bytes.length - s.pos); return 0; } };
    const v10_2 = { get_jwt(cp, out) { if (!h.tx) return ERR.NOT_IN_TX; h.u32out(out, 0); return 0; } };
    const v10_3 = {
      procedure_sleep_until(wake) { if (h.tx) throw new Trap('sleep inside tx'); if (wake > h.clock) h.clock = wake; h.clock += 1n; return h.clock; },
      procedure_start_mut_tx(out) { if (h.tx) return ERR.WOULD_BLOCK; h.tx = { anon: true, snap: h.snapshot() }; h.clock += 1n; h.dv().setBigInt64(out, h.clock, true); h.txCount = (h.txCount ?? 0) + 1; return 0; },
      procedure_commit_mut_tx() { if (!h.tx || !h.tx.anon) return ERR.NOT_ANON; h.tx = null; h.commits = (h.commits ?? 0) + 1; return 0; },
      procedure_abort_mut_tx() { if (!h.tx || !h.tx.anon) return ERR.NOT_ANON; h.restore(h.tx.snap); h.tx = null; h.aborts = (h.aborts ?? 0) + 1; return 0; },
      procedure_http_request(rp, rl, bp, bl, out) {
        if (h.tx) return ERR.WOULD_BLOCK;
        const r = new Reader(h.read(rp, rl)); const method = r.u8(); if (method === 9) r.str();
        r.arr(() => [r.str(), r.bytes(r.u32())]); r.opt(() => r.bigLE(8, true)); const uri = r.str(); r.u8();
        h.httpRequests = (h.httpRequests ?? []); h.httpRequests.push({ method, uri, body: new TextDecoder().decode(h.read(bp || 1, bl)) });
        if (!uri.startsWith('http://fake/')) { h.u32out(out, h.newSource(new Writer().str(`fake host: no network for ${uri}`).bytes())); return ERR.HTTP; }
        const resp = new Writer().u32(1).str('content-type').u32(10).push(new TextEncoder().encode('text/plain')).u8(2).push(Uint8Array.of(200, 0)).bytes();
        h.u32out(out, h.newSource(resp)); h.u32out(out + 4, h.newSource(new TextEncoder().encode(`hello from ${uri}`))); return 0;
      },
    };
    const v10_4 = {
      datastore_index_scan_point_bsatn(iid, p, l, out) { if (!h.tx) return ERR.NOT_IN_TX; const ix = h.indexes.get(iid); if (!ix) return ERR.NO_INDEX; h.u32out(out, h.newIter(h.pointRows(ix, h.read(p, l)))); return 0; },
      datastore_delete_by_index_scan_point_bsatn(iid, p, l, out) {
        if (!h.tx) return ERR.NOT_IN_TX; const ix = h.indexes.get(iid); if (!ix) return ERR.NO_INDEX;
        const del = new Set(h.pointRows(ix, h.read(p, l))); ix.table.rows = ix.table.rows.filter(r => !del.has(r)); h.u32out(out, del.size); return 0;
      },
    };
    const v10_5 = { datastore_clear(id, out) { if (!h.tx) return ERR.NOT_IN_TX; const t = table(id); if (!t) return ERR.NO_TABLE; h.u64out(out, t.rows.length); t.rows = []; return 0; } };
    const all = { 'spacetime_10.0': v10_0, 'spacetime_10.1': v10_1, 'spacetime_10.2': v10_2, 'spacetime_10.3': v10_3, 'spacetime_10.4': v10_4, 'spacetime_10.5': v10_5 };
    for (const m of Object.values(all)) for (const k of Object.keys(m)) m[k] = guard(m[k]);
    return all;
  }

  // Calls -----------------------------------------------------------------
  words(identity) { const dv = new DataView(identity.buffer, identity.byteOffset, 32); return [0, 8, 16, 24].map(o => dv.getBigUint64(o, true)); }

  run(kind, f) {
    this.inserted = []; this.updated = [];
    try { return f(); } catch (e) {
      this.instance = null; // a trap poisons the instance (module-abi.md §2.4)
      return { trap: e.message ?? String(e) };
    } finally { this.reset(); if (!this.instance) this.start(); }
  }

  callReducer(name, argBytes = new Uint8Array(0), { sender = new Uint8Array(32).fill(7), connectionId = 0n, timestamp } = {}) {
    const id = this.def.reducers.findIndex(r => r.name === name);
    if (id < 0) throw new Error(`no reducer ${name}`);
    const ts = timestamp ?? (this.clock += 1_000_000n);
    return this.run('reducer', () => {
      const snap = this.snapshot(); this.tx = { anon: false };
      const src = this.newSource(argBytes); const sink = this.newSink();
      let code;
      try { code = this.ex.__call_reducer__(id, ...this.words(sender), BigInt.asUintN(64, connectionId), 0n, ts, src, sink); }
      catch (e) { this.restore(snap); this.tx = null; throw e; }
      this.tx = null;
      const msg = new TextDecoder().decode(this.takeSink(sink));
      if (code !== 0) this.restore(snap);
      return { code, msg, inserted: this.inserted, updated: this.updated };
    });
  }

  callProcedure(name, argBytes = new Uint8Array(0), { sender = new Uint8Array(32).fill(7) } = {}) {
    const p = this.def.procedures.findIndex(x => x.name === name);
    if (p < 0) throw new Error(`no procedure ${name}`);
    return this.run('procedure', () => {
      const src = this.newSource(argBytes); const sink = this.newSink();
      const code = this.ex.__call_procedure__(p, ...this.words(sender), 0n, 0n, this.clock, src, sink);
      if (this.tx) { this.restore(this.tx.snap); this.tx = null; }
      const out = this.takeSink(sink);
      const def = this.def.procedures[p];
      return { code, bytes: out, value: code === 0 ? decodeValue(def.returnType, new Reader(out), this.def.typespace) : null };
    });
  }

  callView(name, { sender = new Uint8Array(32).fill(7) } = {}) {
    const v = this.def.views.find(x => x.name === name);
    if (!v) throw new Error(`no view ${name}`);
    return this.run('view', () => {
      this.tx = { anon: false, readOnly: true };
      const sink = this.newSink();
      const code = v.isAnonymous ? this.ex.__call_view_anon__(v.index, 0, sink) : this.ex.__call_view__(v.index, ...this.words(sender), 0, sink);
      this.tx = null;
      const out = this.takeSink(sink);
      const r = new Reader(out); const header = r.u8();
      const rowTy = v.returnType.kind === 'Array' ? v.returnType.elem : v.returnType.variants[0].type;
      const rows = r.arr(() => decodeValue(rowTy, r, this.def.typespace));
      return { code, header, rows };
    });
  }

  rows(tableName) { for (const t of this.tables.values()) if (t.def.name === tableName) return t.rows.map(r => r.vals); throw new Error(`no table ${tableName}`); }
}

// ------------------------------------------------------------------ CLI ----

function hex(b) { return Array.from(b, x => x.toString(16).padStart(2, '0')).join(''); }

export function inspect(path, { printHex = false } = {}) {
  const bytes = readFileSync(path);
  const mod = new WebAssembly.Module(bytes);
  console.log(`== ${path} (${bytes.length} bytes)`);
  const imports = WebAssembly.Module.imports(mod);
  const bad = imports.filter(i => !/^spacetime_10\.[0-5]$/.test(i.module) || i.kind !== 'function');
  const mods = [...new Set(imports.map(i => i.module))].sort();
  console.log(`imports (${imports.length}): ${mods.map(m => `${m}{${imports.filter(i => i.module === m).map(i => i.name).join(',')}}`).join(' ')}`);
  if (bad.length) console.log(`!! NON-SPACETIME IMPORTS: ${bad.map(i => `${i.module}.${i.name}`).join(', ')}`);
  const exports = WebAssembly.Module.exports(mod);
  console.log(`exports (${exports.length}): ${exports.map(e => e.kind === 'function' ? e.name : `${e.name}:${e.kind}`).join(', ')}`);
  const views = decodeLightconeViews(mod);
  if (views.length) views.forEach(v => console.log(`custom section lightcone.views: ${v.name} public=${v.isPublic} row_type=${v.rowType} sql=${JSON.stringify(v.sql)}`));
  const host = new FakeHost(bytes).start();
  console.log(`preinit order: ${host.preinits.join(', ')}`);
  console.log(`RawModuleDef: ${host.defBytes.length} bytes${printHex ? `\n${hex(host.defBytes)}` : ` (prefix ${hex(host.defBytes.subarray(0, 48))}…)`}`);
  printDef(host.def);
  return { host, bad, views };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const printHex = args.includes('--hex');
  let failed = false;
  for (const p of args.filter(a => !a.startsWith('--'))) {
    try { const { bad } = inspect(p, { printHex }); if (bad.length) failed = true; } catch (e) { console.log(`!! ${p}: ${e.stack}`); failed = true; }
    console.log();
  }
  process.exit(failed ? 1 : 0);
}

export { show, hex };
