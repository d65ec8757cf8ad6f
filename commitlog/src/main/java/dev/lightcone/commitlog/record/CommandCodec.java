package dev.lightcone.commitlog.record;

import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.Timestamp;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.Arrays;

/**
 * The stored form of a {@link Command}: BSATN after a format-version byte and a kind tag.
 *
 * <pre>
 * u8 version (= 1) | u8 kind | fields in declaration order
 * kind 0 PublishModule      identity database (32 LE), identity owner, u8 source (0 inline: bytes,
 *                           1 stored: u8 algorithm, 32 digest bytes), bool clear, i64 timestamp µs
 * kind 1 CallReducer        identity caller, connection id (16 LE), u32 request id, i64 timestamp,
 *                           string reducer, bytes args
 * kind 2 ClientConnected    identity, connection id, i64 timestamp, string JWT payload
 * kind 3 ClientDisconnected identity, connection id, i64 timestamp
 * kind 4 ScheduleFire       u32 table id, string table name, u64 schedule id, i64 intended, i64 timestamp
 * kind 5 CommittedEffects   i64 timestamp, bytes effects
 * kind 6 RunSql             identity caller, i64 timestamp, string sql
 * kind 7 CommittedEffects   i64 timestamp, i64 read offset, u32 count + u32 table ids, bytes effects
 *                           (kind 5 is the older layout without a read window: read as unconditional)
 * kind 8 ClientConnected    identity, connection id, i64 timestamp, string JWT payload, string node
 *                           (kind 2, without the node, is written for the embedded node and read as it)
 * kind 9 NodeGone           string node, i64 timestamp
 * kind 10 SubscribeViews    identity, connection id, i64 timestamp, u32 count + strings view names
 * kind 11 PublishModule     as kind 0, then string break-clients token (kind 0 is written when the token is
 *                           empty, the Compatible policy)
 * </pre>
 * Tags and field order never change once written; a new layout gets a new version byte.
 */
public final class CommandCodec {
    /** The format version written by this codec. */
    public static final int VERSION = 1;

    private static final int PUBLISH_MODULE = 0;
    private static final int CALL_REDUCER = 1;
    private static final int CLIENT_CONNECTED = 2;
    private static final int CLIENT_DISCONNECTED = 3;
    private static final int SCHEDULE_FIRE = 4;
    private static final int COMMITTED_EFFECTS = 5;
    private static final int RUN_SQL = 6;
    private static final int COMMITTED_EFFECTS_IN_WINDOW = 7;
    private static final int CLIENT_CONNECTED_ON_NODE = 8;
    private static final int NODE_GONE = 9;
    private static final int SUBSCRIBE_VIEWS = 10;
    private static final int PUBLISH_MODULE_BREAKING = 11;

    private static final int SOURCE_INLINE = 0;
    private static final int SOURCE_STORED = 1;

    private static final ThreadLocal<BsatnWriter> WRITERS = ThreadLocal.withInitial(() -> new BsatnWriter(256));

    /**
     * The last caller, connection and reducer name decoded (by any thread). A log holds long runs of calls
     * from the same caller to the same few reducers (recovery decodes millions), so decoding reuses these
     * immutable values when the bytes are the same instead of copying and allocating them again. Each is
     * one immutable pair swapped whole; a race only costs a miss.
     */
    private static volatile Remembered<Identity> lastCaller = new Remembered<>(Identity.ZERO.toLittleEndian(), Identity.ZERO);
    private static volatile Remembered<ConnectionId> lastConnection =
            new Remembered<>(ConnectionId.ZERO.toLittleEndian(), ConnectionId.ZERO);
    private static volatile Remembered<String> lastReducer = new Remembered<>(new byte[0], "");

    /** A decoded value and the bytes it was decoded from (a private copy, never modified). */
    private record Remembered<T>(byte[] bytes, T value) {
        boolean matches(byte[] buf, int at, int n) {
            return Arrays.equals(buf, at, at + n, bytes, 0, bytes.length);
        }
    }

    private CommandCodec() {
    }

    /** The stored bytes of a command. Reuses a per-thread buffer, so it allocates only the result. */
    public static byte[] encode(Command command) {
        BsatnWriter w = WRITERS.get().reset();
        encode(command, w);
        return w.toByteArray();
    }

    /** Appends the stored bytes of a command to {@code w}. */
    public static void encode(Command command, BsatnWriter w) {
        w.writeU8(VERSION);
        if (command instanceof PublishModule p) {
            w.writeU8(p.allowsBreakingClients() ? PUBLISH_MODULE_BREAKING : PUBLISH_MODULE)
                    .writeRaw(p.database().toLittleEndian()).writeRaw(p.owner().toLittleEndian());
            if (p.module() instanceof ModuleSource.Inline i) {
                w.writeU8(SOURCE_INLINE).writeBytes(i.bytes());
            } else if (p.module() instanceof ModuleSource.Stored s) {
                w.writeU8(SOURCE_STORED).writeU8(s.hash().algorithm().tag()).writeRaw(s.hash().bytes());
            } else {
                throw new IllegalArgumentException("unknown module source " + p.module());
            }
            w.writeBool(p.clear()).writeU64(p.timestamp().micros());
            if (p.allowsBreakingClients()) {
                w.writeString(p.breakClientsToken());
            }
        } else if (command instanceof CallReducer c) {
            w.writeU8(CALL_REDUCER).writeRaw(c.caller().toLittleEndian()).writeRaw(c.connectionId().toLittleEndian())
                    .writeU32(c.requestId()).writeU64(c.timestamp().micros()).writeString(c.reducer())
                    .writeBytes(c.args());
        } else if (command instanceof ClientConnected c) {
            boolean local = c.node().equals(ClientConnected.LOCAL);
            w.writeU8(local ? CLIENT_CONNECTED : CLIENT_CONNECTED_ON_NODE).writeRaw(c.identity().toLittleEndian())
                    .writeRaw(c.connectionId().toLittleEndian()).writeU64(c.timestamp().micros())
                    .writeString(c.jwtPayload());
            if (!local) {
                w.writeString(c.node());
            }
        } else if (command instanceof NodeGone g) {
            w.writeU8(NODE_GONE).writeString(g.node()).writeU64(g.timestamp().micros());
        } else if (command instanceof ClientDisconnected c) {
            w.writeU8(CLIENT_DISCONNECTED).writeRaw(c.identity().toLittleEndian())
                    .writeRaw(c.connectionId().toLittleEndian()).writeU64(c.timestamp().micros());
        } else if (command instanceof ScheduleFire s) {
            w.writeU8(SCHEDULE_FIRE).writeU32(s.tableId()).writeString(s.tableName()).writeU64(s.scheduleId())
                    .writeU64(s.intendedTime().micros()).writeU64(s.timestamp().micros());
        } else if (command instanceof CommittedEffects e) {
            if (e.readOffset() == CommittedEffects.UNCONDITIONAL) {
                w.writeU8(COMMITTED_EFFECTS).writeU64(e.timestamp().micros()).writeBytes(e.effects());
            } else {
                w.writeU8(COMMITTED_EFFECTS_IN_WINDOW).writeU64(e.timestamp().micros()).writeU64(e.readOffset())
                        .writeU32(e.readTables().length);
                for (int t : e.readTables()) {
                    w.writeU32(t);
                }
                w.writeBytes(e.effects());
            }
        } else if (command instanceof SubscribeViews v) {
            w.writeU8(SUBSCRIBE_VIEWS).writeRaw(v.identity().toLittleEndian())
                    .writeRaw(v.connectionId().toLittleEndian()).writeU64(v.timestamp().micros())
                    .writeU32(v.views().size());
            for (String view : v.views()) {
                w.writeString(view);
            }
        } else if (command instanceof RunSql q) {
            w.writeU8(RUN_SQL).writeRaw(q.caller().toLittleEndian()).writeU64(q.timestamp().micros()).writeString(q.sql());
        } else {
            throw new IllegalArgumentException("unknown command " + command.getClass());
        }
    }

    private static CommittedEffects committedInWindow(BsatnReader r) {
        Timestamp ts = timestamp(r);
        long readOffset = r.readU64();
        int[] tables = new int[r.readLength(4)];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = r.readU32();
        }
        return new CommittedEffects(ts, readOffset, tables, r.readBytes());
    }

    private static SubscribeViews subscribeViews(BsatnReader r) {
        Identity identity = identity(r);
        ConnectionId connection = connectionId(r);
        Timestamp ts = timestamp(r);
        int n = r.readLength(4);
        java.util.List<String> views = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            views.add(r.readString());
        }
        return new SubscribeViews(identity, connection, views, ts);
    }

    /** Decodes bytes not yet tied to a log offset. */
    public static Command decode(byte[] bytes) {
        return decode(bytes, -1);
    }

    /**
     * Decodes the stored bytes of the record at {@code logOffset}.
     *
     * @throws CommandDecodeException if the bytes are not a whole, valid command
     */
    public static Command decode(byte[] bytes, long logOffset) {
        BsatnReader r = new BsatnReader(bytes);
        try {
            int version = r.readU8();
            if (version != VERSION) {
                throw new CommandDecodeException(logOffset, 0, "unknown command format version " + version, null);
            }
            int kind = r.readU8();
            Command c = switch (kind) {
                case PUBLISH_MODULE -> new PublishModule(identity(r), identity(r), moduleSource(r, logOffset),
                        r.readBool(), timestamp(r));
                case PUBLISH_MODULE_BREAKING -> new PublishModule(identity(r), identity(r), moduleSource(r, logOffset),
                        r.readBool(), timestamp(r), r.readString());
                case CALL_REDUCER -> callReducer(r);
                case CLIENT_CONNECTED_ON_NODE -> new ClientConnected(identity(r), connectionId(r), timestamp(r),
                        r.readString(), r.readString());
                case NODE_GONE -> new NodeGone(r.readString(), timestamp(r));
                case CLIENT_CONNECTED -> new ClientConnected(identity(r), connectionId(r), timestamp(r),
                        r.readString());
                case CLIENT_DISCONNECTED -> new ClientDisconnected(identity(r), connectionId(r), timestamp(r));
                case SCHEDULE_FIRE -> new ScheduleFire(r.readU32(), r.readString(), r.readU64(), timestamp(r),
                        timestamp(r));
                case COMMITTED_EFFECTS -> new CommittedEffects(timestamp(r), CommittedEffects.UNCONDITIONAL, new int[0],
                        r.readBytes());
                case COMMITTED_EFFECTS_IN_WINDOW -> committedInWindow(r);
                case RUN_SQL -> new RunSql(identity(r), timestamp(r), r.readString());
                case SUBSCRIBE_VIEWS -> subscribeViews(r);
                default -> throw new CommandDecodeException(logOffset, 1, "unknown command kind " + kind, null);
            };
            r.expectEnd();
            return c;
        } catch (BsatnDecodeException e) {
            throw new CommandDecodeException(logOffset, e.offset(), e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CommandDecodeException(logOffset, r.position(), e.getMessage(), e);
        }
    }

    private static CallReducer callReducer(BsatnReader r) {
        byte[] buf = r.array();
        int at = r.absolutePosition();
        r.skip(32);
        Remembered<Identity> caller = lastCaller;
        if (!caller.matches(buf, at, 32)) {
            byte[] le = Arrays.copyOfRange(buf, at, at + 32);
            caller = new Remembered<>(le, Identity.fromLittleEndian(le));
            lastCaller = caller;
        }
        at = r.absolutePosition();
        r.skip(16);
        Remembered<ConnectionId> connection = lastConnection;
        if (!connection.matches(buf, at, 16)) {
            byte[] le = Arrays.copyOfRange(buf, at, at + 16);
            connection = new Remembered<>(le, ConnectionId.fromLittleEndian(le));
            lastConnection = connection;
        }
        int requestId = r.readU32();
        Timestamp ts = timestamp(r);
        int lengthAt = r.position();
        int n = r.readLength(1);
        at = r.absolutePosition();
        r.skip(n);
        Remembered<String> reducer = lastReducer;
        if (!reducer.matches(buf, at, n)) {
            reducer = new Remembered<>(Arrays.copyOfRange(buf, at, at + n), BsatnReader.utf8(buf, at, n, lengthAt));
            lastReducer = reducer;
        }
        return new CallReducer(caller.value(), connection.value(), requestId, ts, reducer.value(), r.readBytes());
    }

    private static ModuleSource moduleSource(BsatnReader r, long logOffset) {
        int at = r.position();
        int tag = r.readU8();
        if (tag == SOURCE_INLINE) {
            return new ModuleSource.Inline(r.readBytes());
        }
        if (tag == SOURCE_STORED) {
            int algorithmTag = r.readU8();
            ContentHash.Algorithm algorithm = ContentHash.Algorithm.ofTag(algorithmTag);
            if (algorithm == null) {
                throw new CommandDecodeException(logOffset, at + 1, "unknown hash algorithm " + algorithmTag, null);
            }
            return new ModuleSource.Stored(ContentHash.of(algorithm, r.readRaw(32)));
        }
        throw new CommandDecodeException(logOffset, at, "unknown module source tag " + tag, null);
    }

    private static Identity identity(BsatnReader r) {
        return Identity.fromLittleEndian(r.readRaw(32));
    }

    private static ConnectionId connectionId(BsatnReader r) {
        return ConnectionId.fromLittleEndian(r.readRaw(16));
    }

    private static Timestamp timestamp(BsatnReader r) {
        return new Timestamp(r.readU64());
    }
}
