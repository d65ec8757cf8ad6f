package dev.lightcone.commitlog.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lightcone.commitlog.record.ContentHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    @TempDir
    Path tmp;

    @Test
    void blake3OfTheEmptyInputIsTheReferenceValue() {
        assertEquals("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
                BlobStore.hash(new byte[0], ContentHash.Algorithm.BLAKE3).hex());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                BlobStore.hash(new byte[0], ContentHash.Algorithm.SHA256).hex());
    }

    @Test
    void putThenGetReturnsTheBytesAndSurvivesReopening() {
        byte[] wasm = "\0asm module bytes".getBytes(StandardCharsets.UTF_8);
        ContentHash h = BlobStore.open(tmp).put(wasm);
        assertEquals(h, BlobStore.open(tmp).put(wasm), "same content, same name");
        BlobStore again = BlobStore.open(tmp);
        assertTrue(again.contains(h));
        assertArrayEquals(wasm, again.get(h).orElseThrow());
        ContentHash sha = again.put(wasm, ContentHash.Algorithm.SHA256);
        assertArrayEquals(wasm, again.get(sha).orElseThrow());
    }

    @Test
    void aMissingBlobIsEmpty() {
        ContentHash h = BlobStore.hash(new byte[] {1}, ContentHash.Algorithm.BLAKE3);
        assertFalse(BlobStore.open(tmp).get(h).isPresent());
    }

    @Test
    void aDamagedBlobIsReported() throws Exception {
        BlobStore store = BlobStore.open(tmp);
        ContentHash h = store.put(new byte[] {1, 2, 3});
        Files.write(store.pathOf(h), new byte[] {1, 2, 4});
        assertEquals(h, assertThrows(CorruptBlobException.class, () -> store.get(h)).hash());
    }
}
