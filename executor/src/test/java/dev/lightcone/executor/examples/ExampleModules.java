package dev.lightcone.executor.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the example modules built from {@code modules/} (committed under {@code modules/dist}). */
public final class ExampleModules {
    private ExampleModules() {
    }

    /** The {@code .wasm} of example module {@code name}, e.g. {@code bank}. */
    public static Path path(String name) {
        String override = System.getProperty("lightcone.modules.dir");
        Path dir = override != null ? Paths.get(override) : findDist();
        Path p = dir.resolve(name + ".wasm");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("example module not built: " + p + " (run modules/build.sh)");
        }
        return p;
    }

    private static Path findDist() {
        Path d = Paths.get("").toAbsolutePath();
        while (d != null) {
            Path candidate = d.resolve("modules").resolve("dist");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            d = d.getParent();
        }
        throw new IllegalStateException("cannot find modules/dist above " + Paths.get("").toAbsolutePath());
    }
}
