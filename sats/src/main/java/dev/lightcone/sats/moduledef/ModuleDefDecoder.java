package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.AlgebraicValue;
import dev.lightcone.sats.bsatn.Bsatn;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import dev.lightcone.sats.moduledef.v10.RawModuleDefV10;
import dev.lightcone.sats.moduledef.v9.RawModuleDefV9;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decodes the bytes of {@code __describe_module__} into a {@link RawModuleDef}: the envelope tag
 * (V9 = 1, V10 = 2), then the body, which must use every byte.
 */
public final class ModuleDefDecoder {
    private ModuleDefDecoder() {
    }

    /**
     * Decodes and structurally checks a definition; its {@link RawModuleDef#value()} is the body as a value of
     * {@link RawModuleDefMetaType#bodyType(int)}.
     *
     * @throws ModuleDefDecodeException for V8, an unknown envelope tag, malformed or trailing bytes
     */
    public static RawModuleDef decode(byte[] bytes) {
        BsatnReader r = new BsatnReader(bytes);
        int version = readEnvelope(r);
        // The typed decode comes first: it knows which section it is in, so its errors say where.
        if (version == 10) {
            RawModuleDefV10.read(r);
        } else {
            wrap(() -> RawModuleDefV9.read(r), "RawModuleDefV9");
        }
        if (r.hasRemaining()) {
            throw new ModuleDefDecodeException(r.remaining() + " trailing bytes after the module definition",
                    r.position(), null, null);
        }
        BsatnReader body = new BsatnReader(bytes, 1, bytes.length - 1);
        AlgebraicValue value = wrap(() -> Bsatn.read(body, RawModuleDefMetaType.bodyType(version),
                RawModuleDefMetaType.TYPESPACE), "RawModuleDef value");
        return new RawModuleDef(version, value, bytes.clone());
    }

    /** A reader over the body of a decoded definition (after the envelope tag), checking its version. */
    public static BsatnReader bodyReader(RawModuleDef raw, int expectedVersion) {
        if (raw.version() != expectedVersion) {
            throw new IllegalArgumentException("not a V" + expectedVersion + " module definition: version "
                    + raw.version());
        }
        return new BsatnReader(raw.bytes(), 1, raw.bytes().length - 1);
    }

    /** The full definition bytes: {@code envelopeTag}, then the body {@code writeBody} writes. */
    public static byte[] withEnvelope(int envelopeTag, Consumer<BsatnWriter> writeBody) {
        BsatnWriter w = new BsatnWriter(256);
        w.writeU8(envelopeTag);
        writeBody.accept(w);
        return w.toByteArray();
    }

    private static int readEnvelope(BsatnReader r) {
        int tag = wrap(r::readU8, null);
        return switch (tag) {
            case RawModuleDefV9.ENVELOPE_TAG -> 9;
            case RawModuleDefV10.ENVELOPE_TAG -> 10;
            case 0 -> throw new ModuleDefDecodeException("RawModuleDef::V8BackCompat is not supported", 0, null, null);
            default -> throw new ModuleDefDecodeException("unknown RawModuleDef version tag " + tag, 0, null, null);
        };
    }

    private static <T> T wrap(Supplier<T> read, String where) {
        try {
            return read.get();
        } catch (BsatnDecodeException e) {
            throw new ModuleDefDecodeException(e.getMessage(), e.offset(), where, e);
        }
    }
}
