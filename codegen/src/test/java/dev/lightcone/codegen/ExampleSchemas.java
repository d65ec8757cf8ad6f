package dev.lightcone.codegen;

import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.examples.ExampleModules;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.moduledef.ModuleSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The example modules of {@code modules/dist}, described by running them as {@code lightcone generate} does. */
final class ExampleSchemas {
    private ExampleSchemas() {
    }

    /** Every example module's name (its {@code .wasm} file name without the extension), sorted. */
    static List<String> names() {
        Path dist = ExampleModules.path("quickstart-chat").getParent();
        try (Stream<Path> files = Files.list(dist)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wasm"))
                    .map(n -> n.substring(0, n.length() - ".wasm".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example modules, then the synthetic ones ({@link SyntheticModules}). */
    static List<String> allNames() {
        List<String> all = new java.util.ArrayList<>(names());
        all.addAll(SyntheticModules.NAMES);
        return all;
    }

    /** The validated definition of example (or synthetic) module {@code name}. */
    static ModuleSchema load(String name) {
        if (SyntheticModules.NAMES.contains(name)) {
            return SyntheticModules.load(name);
        }
        try {
            byte[] wasm = Files.readAllBytes(ExampleModules.path(name));
            return ModuleHost.load(wasm, Identity.ZERO, Identity.ZERO, name, ModuleHost.Options.DEFAULT).schema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's root (the directory holding {@code modules/}). */
    static Path repoRoot() {
        return ExampleModules.path("quickstart-chat").getParent().getParent().getParent();
    }
}
