package dev.lightcone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightcone publish} over an existing database shows the server's migration plan, stops on a manual
 * migration and asks before an update that breaks clients, as {@code spacetime publish} does.
 */
class PublishMigrationCommandTest {

    private static Cli.Result publish(Cli.Served served, Path config, String module, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "publish";
        args[1] = "notes";
        args[2] = "--wasm";
        args[3] = Cli.module(module).toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return Cli.run(Cli.client(served.url(), config, args));
    }

    private static Cli.Result withInput(String input, java.util.function.Supplier<Cli.Result> command) {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void thePlanIsShownAndABreakingUpdateIsAskedFor(@TempDir Path dir) {
        try (Cli.Served served = Cli.Served.open(dir.resolve("data"))) {
            Path config = dir.resolve("cli.json");
            assertEquals(0, publish(served, config, "migrate-v1").exit());

            Cli.Result compatible = publish(served, config, "migrate-v2");
            assertEquals(0, compatible.exit(), compatible::toString);
            assertTrue(compatible.out().contains("▸ Created user table: tag (public)"), compatible::toString);
            assertTrue(compatible.out().contains("Updated database with name: notes"), compatible::toString);

            Cli.Result declined = withInput("n\n", () -> publish(served, config, "migrate-v3"));
            assertEquals(1, declined.exit(), declined::toString);
            assertTrue(declined.out().contains("!!! Warning: All clients will be disconnected"), declined::toString);
            assertTrue(declined.out().contains("The above changes will BREAK existing clients. Do you want to proceed?"),
                    declined::toString);
            assertTrue(declined.err().contains("Publishing aborted by user"), declined::toString);
            Cli.Result stillV2 = Cli.run(Cli.client(served.url(), config, "sql", "notes", "SELECT * FROM note"));
            assertTrue(stillV2.out().contains("(1 row)") && !stillV2.out().contains("priority"), stillV2::toString);

            Cli.Result accepted = withInput("y\n", () -> publish(served, config, "migrate-v3"));
            assertEquals(0, accepted.exit(), accepted::toString);
            Cli.Result v3 = Cli.run(Cli.client(served.url(), config, "sql", "notes", "SELECT priority FROM note"));
            assertTrue(v3.out().contains(" 3"), "the existing row got the default: " + v3);

            Cli.Result manual = publish(served, config, "migrate-refused", "--yes");
            assertEquals(1, manual.exit(), manual::toString);
            assertTrue(manual.out().contains("Errors occurred:\nChanging the type of column text in table note from "
                    + "String to U64 requires a manual migration"), manual::toString);
            assertTrue(manual.out().contains("Aborting publish due to required manual migration."), manual::toString);

            Cli.Result cleared = publish(served, config, "migrate-refused", "--delete-data");
            assertEquals(0, cleared.exit(), cleared::toString);
            assertTrue(cleared.out().contains("(data cleared)"), cleared::toString);
        }
    }
}
