package dev.lightcone.executor.view;

import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SpecialTypes;
import dev.lightcone.sats.moduledef.ColumnSchema;
import dev.lightcone.sats.moduledef.IndexAlgorithm;
import dev.lightcone.sats.moduledef.IndexSchema;
import dev.lightcone.sats.moduledef.ModuleSchema;
import dev.lightcone.sats.moduledef.TableSchema;
import dev.lightcone.sats.moduledef.UniqueConstraintSchema;
import dev.lightcone.sats.moduledef.ViewSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The backing tables of function views that return rows ({@code Vec<T>}, {@code Option<T>}). Each
 * view's materialized rows live in one datastore table whose first, hidden column is the sender the
 * rows were computed for (the zero identity for anonymous views) followed by the view's own columns;
 * so materialized rows are committed, logged, snapshotted and replayed like any table's, and clients
 * are sent the rows without the hidden column. Query-builder views have no backing table: their SQL
 * is maintained like a subscription.
 */
public final class ViewTables {
    /** Table ids of backing tables: between the system tables and the user tables. */
    public static final int FIRST_VIEW_TABLE_ID = 2048;
    /** Index ids of backing tables, far above the ids user tables get. */
    static final int FIRST_VIEW_INDEX_ID = 1 << 24;
    /** The hidden first column. */
    public static final String SENDER_COLUMN = "__sender__";
    /** The BSATN size of the hidden column: one {@code Identity}. */
    public static final int SENDER_BYTES = 32;

    private ViewTables() {
    }

    /** True if the view's rows are materialized in a backing table (not a query-builder view). */
    public static boolean isMaterialized(ViewSchema view) {
        return !isQueryView(view);
    }

    /** True for query-builder views: their return type is a product with the single element {@code __query__}. */
    public static boolean isQueryView(ViewSchema view) {
        return view.returnType() instanceof ProductType p && p.size() == 1
                && p.elements().get(0).name().filter("__query__"::equals).isPresent();
    }

    /** The backing table id of the view at {@code position} in {@link ModuleSchema#views()}. */
    public static int tableId(int position) {
        return FIRST_VIEW_TABLE_ID + position;
    }

    /** True if {@code tableId} is a backing table. */
    public static boolean isViewTable(int tableId) {
        return tableId >= FIRST_VIEW_TABLE_ID && tableId < ModuleSchema.FIRST_USER_TABLE_ID;
    }

    /** The index on the hidden sender column (non-unique: one instance has many rows). */
    static int senderIndexId(int position) {
        return FIRST_VIEW_INDEX_ID + 4 * position;
    }

    /** The backing tables of every materialized view of {@code module}, in view order. */
    public static List<TableSchema> schemas(ModuleSchema module) {
        List<TableSchema> out = new ArrayList<>();
        List<ViewSchema> views = module.views();
        for (int i = 0; i < views.size(); i++) {
            if (isMaterialized(views.get(i))) {
                out.add(schema(views.get(i), i));
            }
        }
        return out;
    }

    /** The backing table of one view. */
    public static TableSchema schema(ViewSchema view, int position) {
        List<ProductType.Element> elements = new ArrayList<>();
        elements.add(ProductType.Element.named(SENDER_COLUMN, SpecialTypes.IDENTITY));
        elements.addAll(view.rowType().elements());
        ProductType row = new ProductType(elements);
        List<ColumnSchema> cols = new ArrayList<>();
        for (int c = 0; c < row.size(); c++) {
            cols.add(new ColumnSchema(c, row.elements().get(c).name().orElseThrow(), row.typeAt(c)));
        }
        String base = view.name() + "_" + SENDER_COLUMN;
        List<IndexSchema> indexes = new ArrayList<>();
        indexes.add(new IndexSchema(senderIndexId(position), base + "_idx_btree", base + "_idx_btree", base,
                IndexAlgorithm.BTREE, List.of(0), false));
        List<UniqueConstraintSchema> unique = new ArrayList<>();
        if (view.primaryKey().isPresent()) {
            // Within one instance the declared key is unique: a refresh producing two rows with the same
            // key fails the transaction that caused it, as upstream does.
            int keyCol = view.primaryKey().getAsInt() + 1;
            String keyName = view.name() + "_" + SENDER_COLUMN + "_" + cols.get(keyCol).name();
            indexes.add(new IndexSchema(senderIndexId(position) + 1, keyName + "_idx_btree", keyName + "_idx_btree",
                    keyName, IndexAlgorithm.BTREE, List.of(0, keyCol), true));
            unique.add(new UniqueConstraintSchema(keyName + "_key", List.of(0, keyCol)));
            // The key alone, so a keyed view can be one side of an indexed join (as upstream allows).
            String joinName = view.name() + "_" + cols.get(keyCol).name();
            indexes.add(new IndexSchema(senderIndexId(position) + 2, joinName + "_idx_btree", joinName + "_idx_btree",
                    joinName, IndexAlgorithm.BTREE, List.of(keyCol), false));
        }
        return new TableSchema(tableId(position), view.name(), view.sourceName(), row, cols, OptionalInt.empty(), indexes, unique,
                List.of(), view.isPublic(), false, Optional.empty(), Map.of());
    }
}
