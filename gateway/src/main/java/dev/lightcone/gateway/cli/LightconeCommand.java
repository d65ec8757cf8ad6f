package dev.lightcone.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lightcone} command: the root of every subcommand. */
@Command(name = "lightcone", mixinStandardHelpOptions = true, version = "lightcone 0.1.0-SNAPSHOT",
        description = "A SpacetimeDB-compatible database and application server.",
        subcommands = {StartCommand.class})
public final class LightconeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand, prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line for this command, for {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new LightconeCommand());
    }

    /** Runs {@code lightcone} with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
