package dev.lightcone.sats.moduledef.v9;

import dev.lightcone.sats.AlgebraicType;
import dev.lightcone.sats.Typespace;
import dev.lightcone.sats.bsatn.AlgebraicTypeCodec;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.ModuleDefDecoder;
import dev.lightcone.sats.moduledef.RawCodec;
import dev.lightcone.sats.moduledef.RawModuleDef;
import dev.lightcone.sats.moduledef.RawRowLevelSecurityDef;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10;
import dev.lightcone.sats.moduledef.v10.RawTypeDefV10;
import java.util.List;

/**
 * A V9 definition (1.x modules), module-abi §8.8: {@code {typespace, tables, reducers, types,
 * misc_exports, row_level_security}}. Type definitions share the V10 layout.
 */
public record RawModuleDefV9(
        Typespace typespace,
        List<RawTableDefV9> tables,
        List<RawReducerDefV9> reducers,
        List<RawTypeDefV10> types,
        List<RawMiscModuleExportV9> miscExports,
        List<RawRowLevelSecurityDef> rowLevelSecurity) {

    /** The envelope tag of V9 in {@code RawModuleDef}. */
    public static final int ENVELOPE_TAG = 1;

    public RawModuleDefV9 {
        tables = List.copyOf(tables);
        reducers = List.copyOf(reducers);
        types = List.copyOf(types);
        miscExports = List.copyOf(miscExports);
        rowLevelSecurity = List.copyOf(rowLevelSecurity);
    }

    /** The typed V9 form of a decoded definition. */
    public static RawModuleDefV9 from(RawModuleDef raw) {
        return read(ModuleDefDecoder.bodyReader(raw, 9));
    }

    /** Reads the body (after the envelope tag). */
    public static RawModuleDefV9 read(BsatnReader r) {
        return new RawModuleDefV9(
                new Typespace(RawCodec.<AlgebraicType>readArray(r, AlgebraicTypeCodec::read)),
                RawCodec.readArray(r, RawTableDefV9::read),
                RawCodec.readArray(r, RawReducerDefV9::read),
                RawCodec.readArray(r, RawTypeDefV10::read),
                RawCodec.readArray(r, RawMiscModuleExportV9::read),
                RawCodec.readArray(r, RawRowLevelSecurityDef::read));
    }

    /** Writes the body (without the envelope tag). */
    public void write(BsatnWriter w) {
        RawCodec.writeArray(w, typespace.types(), AlgebraicTypeCodec::write);
        RawCodec.writeArray(w, tables, (ww, t) -> t.write(ww));
        RawCodec.writeArray(w, reducers, (ww, t) -> t.write(ww));
        RawCodec.writeArray(w, types, (ww, t) -> t.write(ww));
        RawCodec.writeArray(w, miscExports, (ww, t) -> t.write(ww));
        RawCodec.writeArray(w, rowLevelSecurity, (ww, t) -> t.write(ww));
    }

    /** The full {@code RawModuleDef} bytes (envelope tag 1, then the body). */
    public byte[] toBytes() {
        return ModuleDefDecoder.withEnvelope(ENVELOPE_TAG, this::write);
    }

    /** The equivalent V10 definition, for validation by the V10 rules; see {@link V9ToV10}. */
    public RawModuleDefV10 toV10() {
        return V9ToV10.convert(this);
    }
}
