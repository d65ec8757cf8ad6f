package dev.lightcone.cli;

import picocli.CommandLine;

/**
 * A {@code HOST:PORT} listen address; the host may be a bracketed IPv6 literal ({@code [::1]:3000}).
 *
 * @param host the host name or address
 * @param port the port, 0 for any free port
 */
public record HostPort(String host, int port) {

    /** Parses {@code HOST:PORT}. */
    public static HostPort parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in '" + s + "'", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + s + "'");
        }
        return new HostPort(host, port);
    }

    /** The picocli converter for {@code HOST:PORT} options. */
    public static final class Converter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
