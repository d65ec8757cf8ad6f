package dev.lightcone.executor.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleLogFileTest {

    private static ModuleLogRecord line(int i) {
        return new ModuleLogRecord(LogLevel.INFO, 1_000L + i, "t", "src/lib.rs", i, "f", "line " + i);
    }

    @Test
    void rotatesWithinItsBoundAndKeepsTheNewestLines(@TempDir Path dir) throws Exception {
        try (ModuleLogFile file = ModuleLogFile.open(dir, 2_000, 2)) {
            for (int i = 0; i < 1_000; i++) {
                file.append(line(i));
            }
            List<String> names;
            try (Stream<Path> files = Files.list(dir)) {
                names = files.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertEquals(List.of("module.log", "module.log.1", "module.log.2"), names);
            long total = 0;
            for (String n : names) {
                long size = Files.size(dir.resolve(n));
                assertTrue(size <= 2_000, n + " is " + size + " bytes");
                total += size;
            }
            assertTrue(total <= 6_000);
            List<ModuleLogRecord> tail = file.tail(5);
            assertEquals(List.of(line(995), line(996), line(997), line(998), line(999)), tail);
            List<ModuleLogRecord> all = file.tail(-1);
            assertEquals(line(999), all.get(all.size() - 1));
            for (int i = 1; i < all.size(); i++) {
                assertEquals(all.get(i - 1).line() + 1, all.get(i).line(), "oldest first, across rotated files");
            }
        }
    }

    @Test
    void reopenedLogContinuesAndSkipsATornLine(@TempDir Path dir) throws Exception {
        try (ModuleLogFile file = ModuleLogFile.open(dir, 1 << 20, 1)) {
            file.append(line(1));
        }
        Files.write(dir.resolve("module.log"), "{\"level\":\"INFO\",\"ts\":".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        try (ModuleLogFile file = ModuleLogFile.open(dir, 1 << 20, 1)) {
            ModuleLog log = ModuleLog.persistent("db", 100, file);
            assertEquals(List.of(line(1)), log.tail(-1));
            log.append(line(2));
        }
        try (ModuleLogFile file = ModuleLogFile.open(dir, 1 << 20, 1)) {
            assertEquals(List.of(line(1), line(2)), ModuleLog.persistent("db", 100, file).tail(-1));
        }
    }
}
