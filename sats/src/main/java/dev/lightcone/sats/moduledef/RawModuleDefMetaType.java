package dev.lightcone.sats.moduledef;

import static dev.lightcone.sats.PrimitiveType.BOOL;
import static dev.lightcone.sats.PrimitiveType.I128;
import static dev.lightcone.sats.PrimitiveType.STRING;
import static dev.lightcone.sats.PrimitiveType.U16;
import static dev.lightcone.sats.PrimitiveType.U32;
import static dev.lightcone.sats.PrimitiveType.U8;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.SumType;
import dev.lightcone.sats.TypeRef;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The SATS type of {@code RawModuleDef} itself, with the Rust field and variant names, so a decoded
 * definition is an ordinary {@link dev.lightcone.sats.AlgebraicValue} that a generic SATS-JSON renderer
 * can print for the schema route ({@code {"sections":[{"Typespace":{"types":[...]}}, ...]}}).
 *
 * <p>The types are recursive ({@code AlgebraicType} contains itself, a V10 submodule contains a V10
 * definition), so they live in {@link #TYPESPACE}: slots 0 to 2 are {@link AlgebraicTypeCodec}'s
 * meta-types, slot 3 is {@code RawModuleDefV10}, slot 4 {@code RawModuleDefV9}. The typed records in
 * {@code moduledef.v10} and {@code moduledef.v9} read exactly these layouts; tests check they agree.
 */
public final class RawModuleDefMetaType {
    private RawModuleDefMetaType() {
    }

    /** Reference to the {@code RawModuleDefV10} product. */
    public static final TypeRef V10 = new TypeRef(3);
    /** Reference to the {@code RawModuleDefV9} product. */
    public static final TypeRef V9 = new TypeRef(4);

    private static final AlgebraicType TYPE = AlgebraicTypeCodec.ALGEBRAIC_TYPE;
    private static final AlgebraicType PRODUCT_TYPE = AlgebraicTypeCodec.PRODUCT_TYPE;
    private static final AlgebraicType IDENT = STRING;
    private static final AlgebraicType OPT_IDENT = SumType.option(STRING);
    private static final AlgebraicType COL_LIST = AlgebraicType.array(U16);
    private static final AlgebraicType BYTES = AlgebraicType.array(U8);
    private static final AlgebraicType TYPESPACE_TYPE = ProductType.of("types", AlgebraicType.array(TYPE));
    private static final SumType TABLE_TYPE = unitEnum("System", "User");
    private static final SumType TABLE_ACCESS = unitEnum("Public", "Private");
    private static final SumType LIFECYCLE = unitEnum("Init", "OnConnect", "OnDisconnect");
    private static final SumType FUNCTION_VISIBILITY = unitEnum("Private", "ClientCallable");
    private static final SumType INDEX_ALGORITHM = SumType.of(
            "BTree", ProductType.of("columns", COL_LIST),
            "Hash", ProductType.of("columns", COL_LIST),
            "Direct", ProductType.of("column", U16));
    private static final SumType CONSTRAINT_DATA = SumType.of("Unique", ProductType.of("columns", COL_LIST));
    private static final AlgebraicType RLS = ProductType.of("sql", STRING);

    /** The whole meta-typespace. */
    public static final Typespace TYPESPACE = new Typespace(concat(AlgebraicTypeCodec.META_TYPES, v10(), v9()));

    /** The envelope sum: V8BackCompat = 0 (not modelled, never accepted), V9 = 1, V10 = 2. */
    public static final SumType RAW_MODULE_DEF = SumType.of("V8BackCompat", ProductType.UNIT, "V9", V9, "V10", V10);

    /** The type of the value held by a {@link RawModuleDef} of this version (the body, without the envelope). */
    public static TypeRef bodyType(int version) {
        return switch (version) {
            case 9 -> V9;
            case 10 -> V10;
            default -> throw new IllegalArgumentException("no module definition version " + version);
        };
    }

    private static SumType unitEnum(String... names) {
        List<SumType.Variant> variants = new ArrayList<>();
        for (String n : names) {
            variants.add(SumType.Variant.named(n, ProductType.UNIT));
        }
        return new SumType(variants);
    }

    private static List<AlgebraicType> concat(List<AlgebraicType> head, AlgebraicType... tail) {
        List<AlgebraicType> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static AlgebraicType arrayOf(AlgebraicType t) {
        return AlgebraicType.array(t);
    }

    /** Index, constraint and sequence layouts; V9 calls the first field {@code name}, V10 {@code source_name}. */
    private static AlgebraicType indexes(String nameField) {
        return arrayOf(ProductType.of(nameField, OPT_IDENT, "accessor_name", OPT_IDENT, "algorithm", INDEX_ALGORITHM));
    }

    private static AlgebraicType constraints(String nameField) {
        return arrayOf(ProductType.of(nameField, OPT_IDENT, "data", CONSTRAINT_DATA));
    }

    private static AlgebraicType sequences(String nameField) {
        return arrayOf(ProductType.of(nameField, OPT_IDENT, "column", U16, "start", SumType.option(I128),
                "min_value", SumType.option(I128), "max_value", SumType.option(I128), "increment", I128));
    }

    private static ProductType v10() {
        ProductType table = ProductType.of(
                "source_name", IDENT,
                "product_type_ref", U32,
                "primary_key", COL_LIST,
                "indexes", indexes("source_name"),
                "constraints", constraints("source_name"),
                "sequences", sequences("source_name"),
                "table_type", TABLE_TYPE,
                "table_access", TABLE_ACCESS,
                "default_values", arrayOf(ProductType.of("col_id", U16, "value", BYTES)),
                "is_event", BOOL);
        ProductType typeDef = ProductType.of(
                "source_name", ProductType.of("scope", arrayOf(IDENT), "source_name", IDENT),
                "ty", U32, "custom_ordering", BOOL);
        ProductType reducer = ProductType.of("source_name", IDENT, "params", PRODUCT_TYPE,
                "visibility", FUNCTION_VISIBILITY, "ok_return_type", TYPE, "err_return_type", TYPE);
        ProductType procedure = ProductType.of("source_name", IDENT, "params", PRODUCT_TYPE,
                "return_type", TYPE, "visibility", FUNCTION_VISIBILITY);
        ProductType view = ProductType.of("source_name", IDENT, "index", U32, "is_public", BOOL,
                "is_anonymous", BOOL, "params", PRODUCT_TYPE, "return_type", TYPE);
        ProductType schedule = ProductType.of("source_name", OPT_IDENT, "table_name", IDENT,
                "schedule_at_col", U16, "function_name", IDENT);
        ProductType lifecycle = ProductType.of("lifecycle_spec", LIFECYCLE, "function_name", IDENT);
        ProductType nameMapping = ProductType.of("source_name", IDENT, "canonical_name", IDENT);
        ProductType explicitNames = ProductType.of("entries",
                arrayOf(SumType.of("Table", nameMapping, "Function", nameMapping, "Index", nameMapping)));
        SumType httpMethod = SumType.of("Get", ProductType.UNIT, "Head", ProductType.UNIT, "Post", ProductType.UNIT,
                "Put", ProductType.UNIT, "Delete", ProductType.UNIT, "Connect", ProductType.UNIT,
                "Options", ProductType.UNIT, "Trace", ProductType.UNIT, "Patch", ProductType.UNIT,
                "Extension", STRING);
        ProductType httpRoute = ProductType.of("handler_function", IDENT,
                "method", SumType.of("Any", ProductType.UNIT, "Method", httpMethod), "path", IDENT);
        SumType section = SumType.of(
                "Typespace", TYPESPACE_TYPE,
                "Types", arrayOf(typeDef),
                "Tables", arrayOf(table),
                "Reducers", arrayOf(reducer),
                "Procedures", arrayOf(procedure),
                "Views", arrayOf(view),
                "Schedules", arrayOf(schedule),
                "LifeCycleReducers", arrayOf(lifecycle),
                "RowLevelSecurity", arrayOf(RLS),
                "CaseConversionPolicy", unitEnum("None", "SnakeCase"),
                "ExplicitNames", explicitNames,
                "HttpHandlers", arrayOf(ProductType.of("source_name", IDENT)),
                "HttpRoutes", arrayOf(httpRoute),
                "ViewPrimaryKeys", arrayOf(ProductType.of("view_source_name", IDENT, "columns", arrayOf(IDENT))),
                "Submodules", arrayOf(ProductType.of("namespace", STRING, "module", V10)));
        return ProductType.of("sections", arrayOf(section));
    }

    private static ProductType v9() {
        ProductType schedule = ProductType.of("name", OPT_IDENT, "reducer_name", IDENT,
                "scheduled_at_column", U16);
        ProductType table = ProductType.of(
                "name", IDENT,
                "product_type_ref", U32,
                "primary_key", COL_LIST,
                "indexes", indexes("name"),
                "constraints", constraints("name"),
                "sequences", sequences("name"),
                "schedule", SumType.option(schedule),
                "table_type", TABLE_TYPE,
                "table_access", TABLE_ACCESS);
        ProductType reducer = ProductType.of("name", IDENT, "params", PRODUCT_TYPE,
                "lifecycle", SumType.option(LIFECYCLE));
        ProductType typeDef = ProductType.of(
                "name", ProductType.of("scope", arrayOf(IDENT), "name", IDENT),
                "ty", U32, "custom_ordering", BOOL);
        SumType miscExport = SumType.of(
                "ColumnDefaultValue", ProductType.of("table", IDENT, "col_id", U16, "value", BYTES),
                "Procedure", ProductType.of("name", IDENT, "params", PRODUCT_TYPE, "return_type", TYPE),
                "View", ProductType.of("name", IDENT, "index", U32, "is_public", BOOL, "is_anonymous", BOOL,
                        "params", PRODUCT_TYPE, "return_type", TYPE));
        return ProductType.of(
                "typespace", TYPESPACE_TYPE,
                "tables", arrayOf(table),
                "reducers", arrayOf(reducer),
                "types", arrayOf(typeDef),
                "misc_exports", arrayOf(miscExport),
                "row_level_security", arrayOf(RLS));
    }
}
