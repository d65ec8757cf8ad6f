package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ModuleDefDecodeException;
import dev.lightcone.sats.moduledef.RawCodec;
import dev.lightcone.sats.moduledef.RawRowLevelSecurityDef;
import java.util.List;

/**
 * One section of a V10 definition: the sum {@code RawModuleDefV10Section}, whose tags (module-abi §8.2)
 * are listed in {@link #NAMES}. Sections carry no length, so an unknown tag ends decoding.
 */
public sealed interface RawSectionV10 {

    /** Section variant names in tag order, as SATS-JSON spells them. */
    List<String> NAMES = List.of("Typespace", "Types", "Tables", "Reducers", "Procedures", "Views", "Schedules",
            "LifeCycleReducers", "RowLevelSecurity", "CaseConversionPolicy", "ExplicitNames", "HttpHandlers",
            "HttpRoutes", "ViewPrimaryKeys", "Submodules");

    /** This section's BSATN tag. */
    int tag();

    /** This section's variant name, e.g. {@code Tables}. */
    default String name() {
        return NAMES.get(tag());
    }

    /** Tag 0: the typespace that {@code Ref}s index into. */
    record TypespaceSection(Typespace typespace) implements RawSectionV10 {
        public int tag() {
            return 0;
        }
    }

    /** Tag 1: named types. */
    record TypesSection(List<RawTypeDefV10> types) implements RawSectionV10 {
        public TypesSection {
            types = List.copyOf(types);
        }

        public int tag() {
            return 1;
        }
    }

    /** Tag 2: tables. */
    record TablesSection(List<RawTableDefV10> tables) implements RawSectionV10 {
        public TablesSection {
            tables = List.copyOf(tables);
        }

        public int tag() {
            return 2;
        }
    }

    /** Tag 3: reducers; a reducer's id is its position here. */
    record ReducersSection(List<RawReducerDefV10> reducers) implements RawSectionV10 {
        public ReducersSection {
            reducers = List.copyOf(reducers);
        }

        public int tag() {
            return 3;
        }
    }

    /** Tag 4: procedures; a procedure's id is its position here. */
    record ProceduresSection(List<RawProcedureDefV10> procedures) implements RawSectionV10 {
        public ProceduresSection {
            procedures = List.copyOf(procedures);
        }

        public int tag() {
            return 4;
        }
    }

    /** Tag 5: function views. */
    record ViewsSection(List<RawViewDefV10> views) implements RawSectionV10 {
        public ViewsSection {
            views = List.copyOf(views);
        }

        public int tag() {
            return 5;
        }
    }

    /** Tag 6: schedules. */
    record SchedulesSection(List<RawScheduleDefV10> schedules) implements RawSectionV10 {
        public SchedulesSection {
            schedules = List.copyOf(schedules);
        }

        public int tag() {
            return 6;
        }
    }

    /** Tag 7: lifecycle assignments. */
    record LifeCycleReducersSection(List<RawLifeCycleReducerDefV10> lifeCycleReducers) implements RawSectionV10 {
        public LifeCycleReducersSection {
            lifeCycleReducers = List.copyOf(lifeCycleReducers);
        }

        public int tag() {
            return 7;
        }
    }

    /** Tag 8: row-level-security filters. */
    record RowLevelSecuritySection(List<RawRowLevelSecurityDef> filters) implements RawSectionV10 {
        public RowLevelSecuritySection {
            filters = List.copyOf(filters);
        }

        public int tag() {
            return 8;
        }
    }

    /** Tag 9: the case-conversion policy. */
    record CaseConversionPolicySection(CaseConversionPolicy policy) implements RawSectionV10 {
        public int tag() {
            return 9;
        }
    }

    /** Tag 10: explicit canonical names. */
    record ExplicitNamesSection(ExplicitNames names) implements RawSectionV10 {
        public int tag() {
            return 10;
        }
    }

    /** Tag 11: HTTP handlers. */
    record HttpHandlersSection(List<RawHttpHandlerDefV10> handlers) implements RawSectionV10 {
        public HttpHandlersSection {
            handlers = List.copyOf(handlers);
        }

        public int tag() {
            return 11;
        }
    }

    /** Tag 12: HTTP routes. */
    record HttpRoutesSection(List<RawHttpRouteDefV10> routes) implements RawSectionV10 {
        public HttpRoutesSection {
            routes = List.copyOf(routes);
        }

        public int tag() {
            return 12;
        }
    }

    /** Tag 13: view primary keys. */
    record ViewPrimaryKeysSection(List<RawViewPrimaryKeyDefV10> primaryKeys) implements RawSectionV10 {
        public ViewPrimaryKeysSection {
            primaryKeys = List.copyOf(primaryKeys);
        }

        public int tag() {
            return 13;
        }
    }

    /** Tag 14: submodules. */
    record SubmodulesSection(List<RawSubmoduleV10> submodules) implements RawSectionV10 {
        public SubmodulesSection {
            submodules = List.copyOf(submodules);
        }

        public int tag() {
            return 14;
        }
    }

    /**
     * Reads one section; {@code ordinal} is its position in the definition, used in error messages.
     *
     * @throws ModuleDefDecodeException for an unknown tag or a malformed payload, naming the section
     */
    static RawSectionV10 read(BsatnReader r, int ordinal) {
        int at = r.position();
        if (!r.hasRemaining()) {
            throw new ModuleDefDecodeException("unexpected end of input: section #" + ordinal + " is missing", at,
                    null, null);
        }
        int tag = r.readU8();
        if (tag >= NAMES.size()) {
            throw new ModuleDefDecodeException("unknown section tag " + tag + " in section #" + ordinal
                    + "; sections carry no length, so it cannot be skipped", at, null, null);
        }
        String where = NAMES.get(tag) + " (#" + ordinal + ")";
        try {
            return readPayload(r, tag);
        } catch (BsatnDecodeException e) {
            throw new ModuleDefDecodeException(e.getMessage(), e.offset(), where, e);
        }
    }

    private static RawSectionV10 readPayload(BsatnReader r, int tag) {
        return switch (tag) {
            case 0 -> new TypespaceSection(new Typespace(RawCodec.<AlgebraicType>readArray(r, AlgebraicTypeCodec::read)));
            case 1 -> new TypesSection(RawCodec.readArray(r, RawTypeDefV10::read));
            case 2 -> new TablesSection(RawCodec.readArray(r, RawTableDefV10::read));
            case 3 -> new ReducersSection(RawCodec.readArray(r, RawReducerDefV10::read));
            case 4 -> new ProceduresSection(RawCodec.readArray(r, RawProcedureDefV10::read));
            case 5 -> new ViewsSection(RawCodec.readArray(r, RawViewDefV10::read));
            case 6 -> new SchedulesSection(RawCodec.readArray(r, RawScheduleDefV10::read));
            case 7 -> new LifeCycleReducersSection(RawCodec.readArray(r, RawLifeCycleReducerDefV10::read));
            case 8 -> new RowLevelSecuritySection(RawCodec.readArray(r, RawRowLevelSecurityDef::read));
            case 9 -> new CaseConversionPolicySection(RawCodec.readEnum(r, CaseConversionPolicy.class));
            case 10 -> new ExplicitNamesSection(ExplicitNames.read(r));
            case 11 -> new HttpHandlersSection(RawCodec.readArray(r, RawHttpHandlerDefV10::read));
            case 12 -> new HttpRoutesSection(RawCodec.readArray(r, RawHttpRouteDefV10::read));
            case 13 -> new ViewPrimaryKeysSection(RawCodec.readArray(r, RawViewPrimaryKeyDefV10::read));
            default -> new SubmodulesSection(RawCodec.readArray(r, RawSubmoduleV10::read));
        };
    }

    /** Writes this section: its tag, then the payload. */
    default void write(BsatnWriter w) {
        w.writeU8(tag());
        if (this instanceof TypespaceSection s) {
            RawCodec.writeArray(w, s.typespace().types(), AlgebraicTypeCodec::write);
        } else if (this instanceof TypesSection s) {
            RawCodec.writeArray(w, s.types(), (ww, t) -> t.write(ww));
        } else if (this instanceof TablesSection s) {
            RawCodec.writeArray(w, s.tables(), (ww, t) -> t.write(ww));
        } else if (this instanceof ReducersSection s) {
            RawCodec.writeArray(w, s.reducers(), (ww, t) -> t.write(ww));
        } else if (this instanceof ProceduresSection s) {
            RawCodec.writeArray(w, s.procedures(), (ww, t) -> t.write(ww));
        } else if (this instanceof ViewsSection s) {
            RawCodec.writeArray(w, s.views(), (ww, t) -> t.write(ww));
        } else if (this instanceof SchedulesSection s) {
            RawCodec.writeArray(w, s.schedules(), (ww, t) -> t.write(ww));
        } else if (this instanceof LifeCycleReducersSection s) {
            RawCodec.writeArray(w, s.lifeCycleReducers(), (ww, t) -> t.write(ww));
        } else if (this instanceof RowLevelSecuritySection s) {
            RawCodec.writeArray(w, s.filters(), (ww, t) -> t.write(ww));
        } else if (this instanceof CaseConversionPolicySection s) {
            RawCodec.writeEnum(w, s.policy());
        } else if (this instanceof ExplicitNamesSection s) {
            s.names().write(w);
        } else if (this instanceof HttpHandlersSection s) {
            RawCodec.writeArray(w, s.handlers(), (ww, t) -> t.write(ww));
        } else if (this instanceof HttpRoutesSection s) {
            RawCodec.writeArray(w, s.routes(), (ww, t) -> t.write(ww));
        } else if (this instanceof ViewPrimaryKeysSection s) {
            RawCodec.writeArray(w, s.primaryKeys(), (ww, t) -> t.write(ww));
        } else if (this instanceof SubmodulesSection s) {
            RawCodec.writeArray(w, s.submodules(), (ww, t) -> t.write(ww));
        }
    }
}
