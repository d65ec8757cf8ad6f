package dev.lightcone.commitlog.record;

import java.util.Arrays;

/** Where a published module's WebAssembly lives: inline in the record, or in the blob store by hash. */
public sealed interface ModuleSource {

    /** The module bytes stored in the record itself; the array is owned by the record. */
    record Inline(byte[] bytes) implements ModuleSource {
        @Override
        public boolean equals(Object o) {
            return o instanceof Inline i && Arrays.equals(i.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Inline[" + bytes.length + " bytes]";
        }
    }

    /** The module bytes are the blob with this hash. */
    record Stored(ContentHash hash) implements ModuleSource {
    }
}
