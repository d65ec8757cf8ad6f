package dev.lightcone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lightcone} command: the root of every subcommand. */
@Command(name = "lightcone", mixinStandardHelpOptions = true, version = "lightcone 0.1.0-SNAPSHOT",
        description = "A SpacetimeDB-compatible database and application server.",
        subcommands = {StartCommand.class, PublishCommand.class, CallCommand.class, SqlCommand.class, LogsCommand.class,
            SubscribeCommand.class, LoginCommand.class, LogoutCommand.class, LogCommand.class, BackupCommand.class,
            RestoreCommand.class, GenerateCommand.class})
public final class LightconeCommand implements Runnable {

    /** slf4j-simple's default level property. */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand, prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line for this command, for {@link #main} and tests; a {@link CliException} becomes its exit code. */
    public static CommandLine commandLine() {
        return new CommandLine(new LightconeCommand()).setExecutionExceptionHandler(LightconeCommand::failed);
    }

    /** Prints a command's failure as {@code error: …} and returns its exit code; other exceptions are bugs. */
    private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof CliException c) {
            cl.getErr().println("error: " + c.getMessage());
            cl.getErr().flush();
            return c.exitCode();
        }
        throw e;
    }

    /**
     * Runs {@code lightcone} with {@code args} and exits with its status. Only the server logs at INFO; the other
     * commands print their own output, so their libraries log warnings and errors only (unless configured).
     */
    public static void main(String[] args) {
        if ((args.length == 0 || !args[0].equals("start")) && System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        System.exit(commandLine().execute(args));
    }
}
