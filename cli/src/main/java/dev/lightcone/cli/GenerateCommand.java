package dev.lightcone.cli;

import dev.lightcone.codegen.CodegenException;
import dev.lightcone.codegen.GeneratedFile;
import dev.lightcone.codegen.TypeScriptGenerator;
import dev.lightcone.executor.ModuleHost;
import dev.lightcone.executor.host.ModuleLoadException;
import dev.lightcone.sats.Identity;
import dev.lightcone.sats.moduledef.ModuleSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightcone generate --lang typescript --out-dir DIR (--module-path FILE | --database NAME)}: writes the
 * client bindings of a module for the official SDK, from its {@code .wasm} (described by running it here) or
 * from a running database's module definition ({@code GET /v1/database/NAME/schema}).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate client bindings for a module, as `spacetime generate` does.",
            "The module comes from a .wasm file (--module-path) or from a database on a server (--database)."})
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Option(names = {"-l", "--lang"}, paramLabel = "LANG", required = true,
            description = "The client language; only `typescript` (also `ts`) is supported.")
    String lang;

    @Option(names = {"-o", "--out-dir"}, paramLabel = "DIR", required = true,
            description = "Where to write the bindings; earlier generated files there that are no longer produced"
                    + " are removed.")
    Path outDir;

    @Option(names = {"-p", "--module-path", "-b", "--bin-path"}, paramLabel = "FILE",
            description = "The module's .wasm file.")
    Path modulePath;

    @Option(names = {"-d", "--database"}, paramLabel = "NAME",
            description = "Read the module of this database on --server instead of a .wasm file.")
    String database;

    @Option(names = "--include-private",
            description = "Also generate private tables, reducers and procedures (for the module's owner).")
    boolean includePrivate;

    @Override
    public Integer call() {
        String l = lang.strip().toLowerCase(Locale.ROOT);
        if (!l.equals("typescript") && !l.equals("ts")) {
            throw CliException.usage("unsupported --lang `" + lang + "`: only typescript is supported");
        }
        if ((modulePath == null) == (database == null)) {
            throw CliException.usage("give exactly one of --module-path FILE and --database NAME");
        }
        ModuleSchema schema = modulePath != null ? describe(modulePath)
                : ModuleSchemas.fetch(ServerClient.open(client, spec.commandLine().getErr()), database);
        List<GeneratedFile> files;
        try {
            files = TypeScriptGenerator.generate(schema, new TypeScriptGenerator.Options(includePrivate));
        } catch (CodegenException e) {
            throw new CliException("cannot generate bindings: " + e.getMessage(), CliException.FAILED, e);
        }
        int removed = write(outDir, files);
        var out = spec.commandLine().getOut();
        out.println("Generated " + files.size() + " files in " + outDir
                + (removed > 0 ? " (removed " + removed + " stale generated files)" : ""));
        out.flush();
        return 0;
    }

    /** The module's definition, from running the module's start-up as the server would. */
    private static ModuleSchema describe(Path wasm) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(wasm);
        } catch (IOException e) {
            throw new CliException("cannot read the module " + wasm + ": " + e.getMessage(), CliException.USAGE, e);
        }
        if (bytes.length < 4 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw CliException.usage(wasm + " is not a WebAssembly module (it does not start with \\0asm)");
        }
        try {
            return ModuleHost.load(bytes, Identity.ZERO, Identity.ZERO, "generate", ModuleHost.Options.DEFAULT)
                    .schema();
        } catch (ModuleLoadException e) {
            throw new CliException("the module " + wasm + " was refused: " + e.getMessage(), CliException.FAILED, e);
        }
    }

    /**
     * Writes {@code files} under {@code dir} and removes the generated files left there by an earlier run that
     * this run no longer produces (recognised by their first line); returns how many were removed.
     */
    static int write(Path dir, List<GeneratedFile> files) {
        try {
            Files.createDirectories(dir);
            Set<Path> written = new HashSet<>();
            for (GeneratedFile f : files) {
                Path p = dir.resolve(f.path()).normalize();
                if (!p.startsWith(dir.normalize())) {
                    throw new IllegalStateException("generated path escapes the output directory: " + f.path());
                }
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.content(), StandardCharsets.UTF_8);
                written.add(p);
            }
            int removed = 0;
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".ts")).toList()) {
                    if (!written.contains(p.normalize()) && generated(p)) {
                        Files.delete(p);
                        removed++;
                    }
                }
            }
            return removed;
        } catch (IOException e) {
            throw new CliException("cannot write the bindings to " + dir + ": " + e.getMessage(), CliException.FAILED, e);
        }
    }

    private static boolean generated(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first != null && first.startsWith(TypeScriptGenerator.AUTO_GENERATED_PREFIX);
        } catch (java.nio.charset.MalformedInputException e) {
            // Not UTF-8 text, so not ours.
            return false;
        }
    }
}
