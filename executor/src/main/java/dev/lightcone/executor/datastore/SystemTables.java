package dev.lightcone.executor.datastore;

import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.ConnectionId;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.UniqueConstraintSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The system tables every database has. {@code st_client} lists connected clients (public, readable
 * by SQL); {@code st_connection_credentials} keeps each connection's token claims for {@code get_jwt}
 * (private).
 */
public final class SystemTables {
    public static final int ST_CLIENT_ID = 13;
    public static final int ST_CONNECTION_CREDENTIALS_ID = 14;
    public static final String ST_CLIENT = "st_client";
    public static final String ST_CONNECTION_CREDENTIALS = "st_connection_credentials";
    /** Which connection holds which materialized function view (one row per view, sender and connection). */
    public static final int ST_VIEW_SUB_ID = 15;
    public static final String ST_VIEW_SUB = "st_view_sub";
    /** The unique index of {@code st_view_sub} on (view_id, sender, connection_id). */
    public static final int ST_VIEW_SUB_INDEX_ID = 3;
    /** The unique index of {@code st_client} on (identity, connection_id). */
    public static final int ST_CLIENT_INDEX_ID = 1;
    /** The primary-key index of {@code st_connection_credentials} on connection_id. */
    public static final int ST_CREDENTIALS_INDEX_ID = 2;

    static final ProductType ST_CLIENT_ROW = ProductType.of("identity", SpecialTypes.IDENTITY,
            "connection_id", SpecialTypes.CONNECTION_ID);
    static final ProductType ST_CREDENTIALS_ROW = ProductType.of("connection_id", SpecialTypes.CONNECTION_ID,
            "jwt_payload", PrimitiveType.STRING);
    static final ProductType ST_VIEW_SUB_ROW = ProductType.of("view_id", PrimitiveType.U32,
            "sender", SpecialTypes.IDENTITY, "connection_id", SpecialTypes.CONNECTION_ID);

    private SystemTables() {
    }

    /** The schemas of the system tables, with index ids below the user range. */
    public static List<TableSchema> schemas() {
        return List.of(
                table(ST_CLIENT_ID, ST_CLIENT, ST_CLIENT_ROW, true, List.of(0, 1), ST_CLIENT_INDEX_ID),
                table(ST_CONNECTION_CREDENTIALS_ID, ST_CONNECTION_CREDENTIALS, ST_CREDENTIALS_ROW, false,
                        List.of(0), ST_CREDENTIALS_INDEX_ID),
                table(ST_VIEW_SUB_ID, ST_VIEW_SUB, ST_VIEW_SUB_ROW, false, List.of(0, 1, 2), ST_VIEW_SUB_INDEX_ID));
    }

    private static TableSchema table(int id, String name, ProductType row, boolean isPublic, List<Integer> key,
            int indexId) {
        List<ColumnSchema> cols = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            cols.add(new ColumnSchema(i, row.elements().get(i).name().orElseThrow(), row.typeAt(i)));
        }
        String keyName = name + "_" + String.join("_", key.stream().map(c -> cols.get(c).name()).toList());
        return new TableSchema(id, name, name, row, cols,
                key.size() == 1 ? OptionalInt.of(key.get(0)) : OptionalInt.empty(),
                List.of(new IndexSchema(indexId, keyName + "_idx_btree", keyName + "_idx_btree", keyName,
                        IndexAlgorithm.BTREE, key, true)),
                List.of(new UniqueConstraintSchema(keyName + "_key", key)),
                List.of(), isPublic, false, Optional.empty(), Map.of());
    }

    public static byte[] clientRow(Identity identity, ConnectionId connectionId) {
        return new BsatnWriter(48).writeRaw(identity.toLittleEndian()).writeRaw(connectionId.toLittleEndian())
                .toByteArray();
    }

    public static byte[] credentialsRow(ConnectionId connectionId, String jwtPayload) {
        return new BsatnWriter(64).writeRaw(connectionId.toLittleEndian()).writeString(jwtPayload).toByteArray();
    }

    /** A row of {@code st_view_sub}: {@code connection} holds the view instance (view, sender). */
    public static byte[] viewSubRow(int viewId, Identity sender, ConnectionId connection) {
        return new BsatnWriter(68).writeU32(viewId).writeRaw(sender.toLittleEndian())
                .writeRaw(connection.toLittleEndian()).toByteArray();
    }

    /** The {@code view_id} of an {@code st_view_sub} row: its first column, a little-endian u32. */
    public static int viewIdOf(byte[] viewSubRow) {
        return (viewSubRow[0] & 0xFF) | (viewSubRow[1] & 0xFF) << 8 | (viewSubRow[2] & 0xFF) << 16
                | (viewSubRow[3] & 0xFF) << 24;
    }

    public static String jwtPayloadOf(byte[] row) {
        AlgebraicValue.Product p = (AlgebraicValue.Product) Bsatn.decode(ST_CREDENTIALS_ROW, row);
        return ((AlgebraicValue.Str) p.field(1)).value();
    }
}
