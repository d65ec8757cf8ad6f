package dev.lightcone.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the prebuilt example modules ({@code modules/dist}) from the working directory upwards. */
public final class ExampleModule {
    private ExampleModule() {
    }

    /** The bytes of {@code modules/dist/NAME.wasm}. */
    public static byte[] read(String name) {
        Path d = Paths.get("").toAbsolutePath();
        while (d != null) {
            Path p = d.resolve("modules").resolve("dist").resolve(name + ".wasm");
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            d = d.getParent();
        }
        throw new IllegalStateException("modules/dist/" + name + ".wasm not found above " + Paths.get("").toAbsolutePath());
    }
}
