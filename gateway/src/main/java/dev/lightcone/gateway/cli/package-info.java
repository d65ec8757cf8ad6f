/**
 * The {@code lightcone} command line (picocli): {@link dev.lightcone.gateway.cli.LightconeCommand} and its
 * subcommands. Only fully implemented subcommands are registered.
 */
package dev.lightcone.gateway.cli;
