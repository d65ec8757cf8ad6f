package dev.lightcone.executor.datastore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lightcone.sats.PrimitiveType;
import dev.lightcone.sats.ProductType;
import dev.lightcone.sats.bsatn.BsatnDecodeException;
import org.junit.jupiter.api.Test;

class RowLayoutTest {
    /** Integer columns only: any 12 bytes are a row, and the check is the length. */
    @Test
    void aRowOfIntegersIsValidAtItsSizeOnly() {
        RowLayout layout = new RowLayout(ProductType.of("id", PrimitiveType.U32, "balance", PrimitiveType.I64));
        assertDoesNotThrow(() -> layout.validate(new byte[12]));
        assertThrows(BsatnDecodeException.class, () -> layout.validate(new byte[11]));
        assertThrows(BsatnDecodeException.class, () -> layout.validate(new byte[13]));
        assertThrows(BsatnDecodeException.class, () -> layout.validate(new byte[0]));
    }

    /** A bool column has two valid bytes, so a row of the right size is still decoded. */
    @Test
    void aRowWithABoolIsStillDecoded() {
        RowLayout layout = new RowLayout(ProductType.of("id", PrimitiveType.U32, "on", PrimitiveType.BOOL));
        assertDoesNotThrow(() -> layout.validate(new byte[] {1, 0, 0, 0, 1}));
        assertThrows(BsatnDecodeException.class, () -> layout.validate(new byte[] {1, 0, 0, 0, 2}));
    }

    @Test
    void aRowWithAStringIsStillDecoded() {
        RowLayout layout = new RowLayout(ProductType.of("id", PrimitiveType.U32, "name", PrimitiveType.STRING));
        assertDoesNotThrow(() -> layout.validate(new byte[] {1, 0, 0, 0, 1, 0, 0, 0, 'a'}));
        assertThrows(BsatnDecodeException.class, () -> layout.validate(new byte[] {1, 0, 0, 0, 2, 0, 0, 0, 'a'}));
    }
}
