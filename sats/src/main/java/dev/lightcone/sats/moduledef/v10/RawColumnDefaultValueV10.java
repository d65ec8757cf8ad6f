package dev.lightcone.sats.moduledef.v10;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.Arrays;
import java.util.HexFormat;

/** A column's default value: {@code {col_id: u16, value: Array(U8)}}, the value's BSATN at the column type. */
public record RawColumnDefaultValueV10(int colId, byte[] value) {
    public RawColumnDefaultValueV10 {
        value = value.clone();
    }

    /** A copy of the encoded value. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Reads one default value. */
    public static RawColumnDefaultValueV10 read(BsatnReader r) {
        return new RawColumnDefaultValueV10(r.readU16(), r.readBytes());
    }

    /** Writes this default value. */
    public void write(BsatnWriter w) {
        w.writeU16(colId);
        w.writeBytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawColumnDefaultValueV10 d && d.colId == colId && Arrays.equals(d.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * colId + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RawColumnDefaultValueV10[colId=" + colId + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
