package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ModuleDefDecodeException;
import dev.lightcone.sats.moduledef.ModuleDefDecoder;
import dev.lightcone.sats.moduledef.RawModuleDef;
import dev.lightcone.sats.moduledef.RawRowLevelSecurityDef;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A V10 definition exactly as emitted: {@code {sections: Array(RawModuleDefV10Section)}}. Sections may
 * come in any order; the accessors return the first section of each kind, or empty when absent.
 */
public record RawModuleDefV10(List<RawSectionV10> sections) {

    /** The envelope tag of V10 in {@code RawModuleDef}. */
    public static final int ENVELOPE_TAG = 2;

    public RawModuleDefV10 {
        sections = List.copyOf(sections);
    }

    /** The typed V10 form of a decoded definition. */
    public static RawModuleDefV10 from(RawModuleDef raw) {
        return read(ModuleDefDecoder.bodyReader(raw, 10));
    }

    /** Reads the body (after the envelope tag), failing with the section and offset of any problem. */
    public static RawModuleDefV10 read(BsatnReader r) {
        int at = r.position();
        int count;
        try {
            count = r.readLength(1);
        } catch (BsatnDecodeException e) {
            throw new ModuleDefDecodeException("bad section count: " + e.getMessage(), at, null, e);
        }
        RawSectionV10[] sections = new RawSectionV10[count];
        for (int i = 0; i < count; i++) {
            sections[i] = RawSectionV10.read(r, i);
        }
        return new RawModuleDefV10(List.of(sections));
    }

    /** Writes the body (without the envelope tag). */
    public void write(BsatnWriter w) {
        w.writeU32(sections.size());
        for (RawSectionV10 s : sections) {
            s.write(w);
        }
    }

    /** The full {@code RawModuleDef} bytes, as {@code __describe_module__} would produce them. */
    public byte[] toBytes() {
        return ModuleDefDecoder.withEnvelope(ENVELOPE_TAG, this::write);
    }

    /** This definition as a decoded {@link RawModuleDef}, ready for validation. */
    public RawModuleDef toRawModuleDef() {
        return ModuleDefDecoder.decode(toBytes());
    }

    private <S extends RawSectionV10, T> Optional<T> first(Class<S> kind, Function<S, T> payload) {
        for (RawSectionV10 s : sections) {
            if (kind.isInstance(s)) {
                return Optional.of(payload.apply(kind.cast(s)));
            }
        }
        return Optional.empty();
    }

    /** The typespace, empty when absent. */
    public Typespace typespace() {
        return first(RawSectionV10.TypespaceSection.class, RawSectionV10.TypespaceSection::typespace)
                .orElse(Typespace.EMPTY);
    }

    /** The named types. */
    public List<RawTypeDefV10> types() {
        return first(RawSectionV10.TypesSection.class, RawSectionV10.TypesSection::types).orElse(List.of());
    }

    /** The tables. */
    public List<RawTableDefV10> tables() {
        return first(RawSectionV10.TablesSection.class, RawSectionV10.TablesSection::tables).orElse(List.of());
    }

    /** The reducers, in id order. */
    public List<RawReducerDefV10> reducers() {
        return first(RawSectionV10.ReducersSection.class, RawSectionV10.ReducersSection::reducers).orElse(List.of());
    }

    /** The procedures, in id order. */
    public List<RawProcedureDefV10> procedures() {
        return first(RawSectionV10.ProceduresSection.class, RawSectionV10.ProceduresSection::procedures)
                .orElse(List.of());
    }

    /** The function views. */
    public List<RawViewDefV10> views() {
        return first(RawSectionV10.ViewsSection.class, RawSectionV10.ViewsSection::views).orElse(List.of());
    }

    /** The schedules. */
    public List<RawScheduleDefV10> schedules() {
        return first(RawSectionV10.SchedulesSection.class, RawSectionV10.SchedulesSection::schedules)
                .orElse(List.of());
    }

    /** The lifecycle assignments. */
    public List<RawLifeCycleReducerDefV10> lifeCycleReducers() {
        return first(RawSectionV10.LifeCycleReducersSection.class,
                RawSectionV10.LifeCycleReducersSection::lifeCycleReducers).orElse(List.of());
    }

    /** The row-level-security filters. */
    public List<RawRowLevelSecurityDef> rowLevelSecurity() {
        return first(RawSectionV10.RowLevelSecuritySection.class, RawSectionV10.RowLevelSecuritySection::filters)
                .orElse(List.of());
    }

    /** The case policy; SnakeCase when the section is absent. */
    public CaseConversionPolicy caseConversionPolicy() {
        return first(RawSectionV10.CaseConversionPolicySection.class,
                RawSectionV10.CaseConversionPolicySection::policy).orElse(CaseConversionPolicy.SNAKE_CASE);
    }

    /** The explicit names. */
    public ExplicitNames explicitNames() {
        return first(RawSectionV10.ExplicitNamesSection.class, RawSectionV10.ExplicitNamesSection::names)
                .orElse(ExplicitNames.EMPTY);
    }

    /** The HTTP handlers. */
    public List<RawHttpHandlerDefV10> httpHandlers() {
        return first(RawSectionV10.HttpHandlersSection.class, RawSectionV10.HttpHandlersSection::handlers)
                .orElse(List.of());
    }

    /** The HTTP routes. */
    public List<RawHttpRouteDefV10> httpRoutes() {
        return first(RawSectionV10.HttpRoutesSection.class, RawSectionV10.HttpRoutesSection::routes)
                .orElse(List.of());
    }

    /** The view primary keys. */
    public List<RawViewPrimaryKeyDefV10> viewPrimaryKeys() {
        return first(RawSectionV10.ViewPrimaryKeysSection.class, RawSectionV10.ViewPrimaryKeysSection::primaryKeys)
                .orElse(List.of());
    }

    /** The submodules. */
    public List<RawSubmoduleV10> submodules() {
        return first(RawSectionV10.SubmodulesSection.class, RawSectionV10.SubmodulesSection::submodules)
                .orElse(List.of());
    }
}
