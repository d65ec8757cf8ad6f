package dev.lightcone.commitlog.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path tmp;

    private static Snapshot snapshot(long offset) {
        Map<String, byte[]> sections = new LinkedHashMap<>();
        sections.put("users", new byte[] {1, 2, 3, (byte) offset});
        sections.put("messages", new byte[0]);
        sections.put("ünïcode", new byte[] {9});
        return new Snapshot(offset, sections);
    }

    private static void assertSame(Snapshot expected, Snapshot actual) {
        assertEquals(expected.commandOffset(), actual.commandOffset());
        assertEquals(List.copyOf(expected.sections().keySet()), List.copyOf(actual.sections().keySet()));
        for (String name : expected.sections().keySet()) {
            assertArrayEquals(expected.sections().get(name), actual.sections().get(name), name);
        }
    }

    @Test
    void writeThenReadTheNewest() {
        SnapshotStore store = SnapshotStore.open(tmp);
        assertFalse(store.readLatestValid().isPresent());
        store.write(snapshot(10));
        store.write(snapshot(250));
        store.write(snapshot(-1));
        assertEquals(List.of(-1L, 10L, 250L), store.list().stream().map(SnapshotInfo::commandOffset).toList());
        assertSame(snapshot(250), SnapshotStore.open(tmp).readLatestValid().orElseThrow());
        assertSame(snapshot(10), store.readLatestValid(249).orElseThrow());
    }

    @Test
    void aCorruptNewestSnapshotIsSkipped() throws IOException {
        SnapshotStore store = SnapshotStore.open(tmp);
        store.write(snapshot(10));
        SnapshotInfo newest = store.write(snapshot(20));
        byte[] bytes = Files.readAllBytes(newest.path());
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(newest.path(), bytes);
        assertThrows(CorruptSnapshotException.class, () -> store.read(newest));
        assertSame(snapshot(10), store.readLatestValid().orElseThrow());
    }

    @Test
    void aTruncatedSnapshotIsSkipped() throws IOException {
        SnapshotStore store = SnapshotStore.open(tmp);
        store.write(snapshot(10));
        SnapshotInfo newest = store.write(snapshot(20));
        for (long size : new long[] {0, 5, Files.size(newest.path()) - 1}) {
            try (FileChannel ch = FileChannel.open(newest.path(), StandardOpenOption.WRITE)) {
                ch.truncate(size);
            }
            assertSame(snapshot(10), store.readLatestValid().orElseThrow());
        }
    }

    @Test
    void aSnapshotRenamedToAnotherOffsetIsRejected() throws IOException {
        SnapshotStore store = SnapshotStore.open(tmp);
        SnapshotInfo info = store.write(snapshot(10));
        Path wrong = info.path().resolveSibling("snapshot-00000000000000000011.lcsnap");
        Files.move(info.path(), wrong);
        assertFalse(store.readLatestValid().isPresent());
    }

    /** A store in the temporary directory holding snapshots at offsets 1 to {@code count}. */
    private SnapshotStore storeWithSnapshots(int count) {
        SnapshotStore store = SnapshotStore.open(tmp);
        for (long o = 1; o <= count; o++) {
            store.write(snapshot(o));
        }
        return store;
    }

    /**
     * Pruning does not read back the snapshots it wrote, but one changed since (size or modification time) is
     * verified again: a damaged newest snapshot does not count, so an older valid one is kept in its place.
     */
    @Test
    void pruneVerifiesASnapshotChangedSinceItWasWritten() throws IOException {
        SnapshotStore store = storeWithSnapshots(3);
        SnapshotInfo newest = store.list().get(2);
        byte[] bytes = Files.readAllBytes(newest.path());
        bytes[bytes.length / 2] ^= 0x01;
        FileTime written = Files.getLastModifiedTime(newest.path());
        Files.write(newest.path(), bytes);
        Files.setLastModifiedTime(newest.path(), FileTime.fromMillis(written.toMillis() + 1_000));
        assertEquals(0, store.prune(2), "the damaged newest does not count: 1 and 2 are the two valid ones");
        assertEquals(List.of(1L, 2L, 3L), store.list().stream().map(SnapshotInfo::commandOffset).toList());
        assertSame(snapshot(2), store.readLatestValid().orElseThrow());
    }

    @Test
    void pruneKeepsTheNewestValidOnesAndLeavesNoTempFiles() throws IOException {
        SnapshotStore store = storeWithSnapshots(5);
        SnapshotInfo newest = store.list().get(4);
        Files.write(newest.path(), new byte[] {1, 2, 3});
        assertEquals(2, store.prune(2));
        assertEquals(List.of(3L, 4L, 5L), store.list().stream().map(SnapshotInfo::commandOffset).toList());
        Files.write(tmp.resolve(".tmp-snapshot-x"), new byte[] {0});
        SnapshotStore.open(tmp);
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
    }
}
