package dev.lightcone.sats.moduledef;

import dev.lightcone.sats.bsatn.BsatnReader;
import dev.lightcone.sats.bsatn.BsatnWriter;
import java.util.List;

/**
 * A raw index's algorithm, shared by V9 and V10: BTree = 0 {@code {columns: ColList}}, Hash = 1
 * {@code {columns: ColList}}, Direct = 2 {@code {column: u16}}.
 */
public sealed interface RawIndexAlgorithm {

    /** The key columns in key order. */
    List<Integer> columns();

    /** The validated algorithm this raw one maps to. */
    IndexAlgorithm algorithm();

    /** A B-tree over the columns: tag 0. */
    record BTree(List<Integer> columns) implements RawIndexAlgorithm {
        public BTree {
            columns = List.copyOf(columns);
        }

        @Override
        public IndexAlgorithm algorithm() {
            return IndexAlgorithm.BTREE;
        }
    }

    /** A hash index over the columns: tag 1. */
    record Hash(List<Integer> columns) implements RawIndexAlgorithm {
        public Hash {
            columns = List.copyOf(columns);
        }

        @Override
        public IndexAlgorithm algorithm() {
            return IndexAlgorithm.HASH;
        }
    }

    /** A direct (array-indexed) index over one small unsigned column: tag 2. */
    record Direct(int column) implements RawIndexAlgorithm {
        @Override
        public List<Integer> columns() {
            return List.of(column);
        }

        @Override
        public IndexAlgorithm algorithm() {
            return IndexAlgorithm.DIRECT;
        }
    }

    /** Reads one algorithm. */
    static RawIndexAlgorithm read(BsatnReader r) {
        int tag = RawCodec.readTag(r, "RawIndexAlgorithm", 3);
        return switch (tag) {
            case 0 -> new BTree(RawCodec.readColList(r));
            case 1 -> new Hash(RawCodec.readColList(r));
            default -> new Direct(r.readU16());
        };
    }

    /** Writes this algorithm. */
    default void write(BsatnWriter w) {
        w.writeU8(algorithm().ordinal());
        if (this instanceof Direct d) {
            w.writeU16(d.column());
        } else {
            RawCodec.writeColList(w, columns());
        }
    }
}
