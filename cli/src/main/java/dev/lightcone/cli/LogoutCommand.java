package dev.lightcone.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lightcone logout}: forgets the identity saved for the server. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the identity saved for a server.")
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions client;

    @Override
    public Integer call() {
        String base = client.serverUrl();
        CliConfig config = CliConfig.load(client.configFile());
        spec.commandLine().getOut().println(config.forget(base)
                ? "Forgot the identity saved for " + base + " in " + config.file()
                : "No identity was saved for " + base + " in " + config.file());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
