package dev.lightcone.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bindings of every example module type-check with {@code tsc --strict} against the installed
 * {@code spacetimedb} 2.10.1 ({@code e2e/ts-sdk/node_modules}, installed by {@code bin/test}'s {@code npm ci}).
 * Skipped only when {@code node} is not on the PATH.
 */
class TypeCheckTest {

    @TestFactory
    Stream<DynamicTest> generatedBindingsTypeCheckStrictly() throws IOException {
        Assumptions.assumeTrue(nodeAvailable(), "node is not installed");
        Path sdk = ExampleSchemas.repoRoot().resolve("e2e/ts-sdk/node_modules");
        Path tsc = sdk.resolve("typescript/bin/tsc");
        assertTrue(Files.isRegularFile(tsc) && Files.isDirectory(sdk.resolve("spacetimedb")),
                "run `npm ci` in e2e/ts-sdk (bin/test does) to install spacetimedb and typescript");
        Path root = Files.createDirectories(Paths.get("target", "tsc-check").toAbsolutePath());
        return ExampleSchemas.allNames().stream().map(module -> DynamicTest.dynamicTest(module, () -> {
            Path dir = root.resolve(module);
            GoldenFilesTest.write(dir.resolve("module_bindings"), TypeScriptGenerator.generate(
                    ExampleSchemas.load(module), TypeScriptGenerator.Options.DEFAULT));
            Files.writeString(dir.resolve("tsconfig.json"), tsconfig(sdk.resolve("spacetimedb")), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("node", tsc.toString(), "-p", dir.resolve("tsconfig.json").toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tsc did not finish");
            assertEquals(0, p.exitValue(), "tsc --strict failed on the bindings of " + module + ":\n" + output);
        }));
    }

    /** Strict checking of the bindings only, with {@code spacetimedb} resolved to the installed package. */
    static String tsconfig(Path spacetimedb) {
        String sdk = spacetimedb.toString().replace('\\', '/');
        return String.join("\n", List.of(
                "{",
                "  \"compilerOptions\": {",
                "    \"strict\": true,",
                "    \"noEmit\": true,",
                "    \"target\": \"ES2022\",",
                "    \"module\": \"ESNext\",",
                "    \"moduleResolution\": \"bundler\",",
                "    \"skipLibCheck\": true,",
                "    \"baseUrl\": \".\",",
                "    \"paths\": { \"spacetimedb\": [\"" + sdk + "\"] }",
                "  },",
                "  \"include\": [\"module_bindings/**/*.ts\"]",
                "}",
                ""));
    }

    static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
