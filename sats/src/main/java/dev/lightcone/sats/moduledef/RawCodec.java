package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The small BSATN building blocks shared by the raw V9 and V10 record codecs: options, arrays,
 * column lists, unit enums and i128s. Each raw record reads and writes itself with these.
 */
public final class RawCodec {
    private RawCodec() {
    }

    /** Reads {@code Option<T>}: tag 0 then T, or tag 1. */
    public static <T> Optional<T> readOption(BsatnReader r, Function<BsatnReader, T> element) {
        int at = r.position();
        int tag = r.readU8();
        if (tag == 0) {
            return Optional.of(element.apply(r));
        }
        if (tag != 1) {
            throw new BsatnDecodeException("Option tag " + tag + " (expected 0 or 1)", at);
        }
        return Optional.empty();
    }

    /** Writes {@code Option<T>}. */
    public static <T> void writeOption(BsatnWriter w, Optional<T> value, BiConsumer<BsatnWriter, T> element) {
        if (value.isPresent()) {
            w.writeU8(0);
            element.accept(w, value.get());
        } else {
            w.writeU8(1);
        }
    }

    /** Reads {@code Array<T>}: a u32 count, then the elements. */
    public static <T> List<T> readArray(BsatnReader r, Function<BsatnReader, T> element) {
        int n = r.readLength(1);
        List<T> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            out.add(element.apply(r));
        }
        return List.copyOf(out);
    }

    /** Writes {@code Array<T>}. */
    public static <T> void writeArray(BsatnWriter w, List<T> values, BiConsumer<BsatnWriter, T> element) {
        w.writeU32(values.size());
        for (T v : values) {
            element.accept(w, v);
        }
    }

    /** Reads a {@code ColList}: an array of u16 column ids. */
    public static List<Integer> readColList(BsatnReader r) {
        return readArray(r, BsatnReader::readU16);
    }

    /** Writes a {@code ColList}. */
    public static void writeColList(BsatnWriter w, List<Integer> columns) {
        writeArray(w, columns, BsatnWriter::writeU16);
    }

    /** Reads an array of strings. */
    public static List<String> readStrings(BsatnReader r) {
        return readArray(r, BsatnReader::readString);
    }

    /** Writes an array of strings. */
    public static void writeStrings(BsatnWriter w, List<String> values) {
        writeArray(w, values, BsatnWriter::writeString);
    }

    /** Reads an i128. */
    public static BigInteger readI128(BsatnReader r) {
        return r.readBig(16, true);
    }

    /** Writes an i128. */
    public static void writeI128(BsatnWriter w, BigInteger v) {
        w.writeBig(v, 16);
    }

    /** Reads the tag of a sum whose variants are all unit and maps it to an enum constant by ordinal. */
    public static <E extends Enum<E>> E readEnum(BsatnReader r, Class<E> type) {
        int at = r.position();
        int tag = r.readU8();
        E[] constants = type.getEnumConstants();
        if (tag >= constants.length) {
            throw new BsatnDecodeException(type.getSimpleName() + " tag " + tag + " out of range for "
                    + constants.length + " variants", at);
        }
        return constants[tag];
    }

    /** Writes an enum constant as the tag of a unit-variant sum. */
    public static void writeEnum(BsatnWriter w, Enum<?> value) {
        w.writeU8(value.ordinal());
    }

    /** Reads a sum tag that must be below {@code variants}. */
    public static int readTag(BsatnReader r, String sumName, int variants) {
        int at = r.position();
        int tag = r.readU8();
        if (tag >= variants) {
            throw new BsatnDecodeException(sumName + " tag " + tag + " out of range for " + variants + " variants", at);
        }
        return tag;
    }
}
