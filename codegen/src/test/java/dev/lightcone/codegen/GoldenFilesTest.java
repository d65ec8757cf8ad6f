package dev.lightcone.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bindings of every example module are exactly the committed golden files in
 * {@code codegen/src/test/resources/typescript/<module>/}, so any change to the output shows in review.
 * The TypeScript end-to-end scenarios ({@code e2e/ts-sdk}) run on committed copies in
 * {@code e2e/ts-sdk/module_bindings/<module>/}, which must be the generator's output too.
 * Run with {@code -Dcodegen.updateGolden=true} to rewrite both after an intended change.
 */
class GoldenFilesTest {

    static final boolean UPDATE = Boolean.getBoolean("codegen.updateGolden");

    /** The modules whose bindings the TypeScript end-to-end scenarios import. */
    static final List<String> E2E_MODULES = List.of("quickstart-chat", "migrate-v1");

    /** Where the golden files of {@code module} live in the source tree. */
    static Path goldenDir(String module) {
        return ExampleSchemas.repoRoot().resolve("codegen/src/test/resources/typescript").resolve(module);
    }

    @TestFactory
    Stream<DynamicTest> bindingsMatchGoldenFiles() {
        return ExampleSchemas.allNames().stream().map(module -> DynamicTest.dynamicTest(module, () -> {
            List<GeneratedFile> files = TypeScriptGenerator.generate(ExampleSchemas.load(module),
                    TypeScriptGenerator.Options.DEFAULT);
            Path dir = goldenDir(module);
            if (UPDATE) {
                write(dir, files);
            }
            assertEquals(asMap(files), read(dir), "generated bindings of " + module + " differ from " + dir
                    + " (rerun with -Dcodegen.updateGolden=true if the change is intended)");
            if (E2E_MODULES.contains(module)) {
                Path e2e = ExampleSchemas.repoRoot().resolve("e2e/ts-sdk/module_bindings").resolve(module);
                if (UPDATE) {
                    write(e2e, files);
                }
                assertEquals(asMap(files), read(e2e), "the end-to-end bindings in " + e2e + " are out of date"
                        + " (rerun with -Dcodegen.updateGolden=true)");
            }
        }));
    }

    static Map<String, String> asMap(List<GeneratedFile> files) {
        Map<String, String> m = new TreeMap<>();
        files.forEach(f -> m.put(f.path(), f.content()));
        return m;
    }

    static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return m;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    /** Replaces the contents of {@code dir} with {@code files}. */
    static void write(Path dir, List<GeneratedFile> files) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        for (GeneratedFile f : files) {
            Path p = dir.resolve(f.path());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.content(), StandardCharsets.UTF_8);
        }
    }
}
