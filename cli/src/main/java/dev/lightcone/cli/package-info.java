/**
 * The {@code lightcone} command line (picocli): {@link dev.lightcone.cli.LightconeCommand} and its
 * subcommands. {@code start} serves a data directory; the client commands ({@code publish}, {@code call},
 * {@code sql}, {@code logs}, {@code subscribe}, {@code login}, {@code logout}) talk to a running server over HTTP and
 * WebSocket as the {@code spacetime} CLI does; the operator commands ({@code log inspect}, {@code log replay},
 * {@code backup}, {@code restore}) work on a stopped server's data directory, which {@link
 * dev.lightcone.cli.DataDirLock} guards. Failures are {@link dev.lightcone.cli.CliException}s:
 * {@code error: …} on standard error and a non-zero exit code. See {@code docs/cli.md}.
 */
package dev.lightcone.cli;
