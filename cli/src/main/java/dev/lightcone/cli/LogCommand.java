package dev.lightcone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lightcone log}: operator tools over a database's command log ({@code inspect}, {@code replay}). */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Inspect, replay, verify or truncate a database's command log (the server must be stopped).",
        subcommands = {LogInspectCommand.class, LogReplayCommand.class, LogVerifyCommand.class,
            LogTruncateCommand.class})
public final class LogCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand, prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
