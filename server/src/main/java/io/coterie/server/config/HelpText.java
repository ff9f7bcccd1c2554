package io.coterie.server.config;

/** The text of {@code coterie-server --help}, generated from the directive table. */
public final class HelpText {

    private HelpText() {
    }

    public static String render(String version) {
        StringBuilder sb = new StringBuilder();
        sb.append("Coterie server ").append(version).append(" - a Redis-compatible, Dynamo-style key-value store\n\n");
        sb.append("Usage: coterie-server [/path/to/coterie.conf] [--directive value ...]\n");
        sb.append("       coterie-server --version\n");
        sb.append("       coterie-server --help\n\n");
        sb.append("The file uses redis.conf syntax (one directive per line, # comments, quoted values, include).\n");
        sb.append("Every directive is also accepted as a --directive flag; flags override the file.\n");
        sb.append("Memory values take Redis units: 1k = 1000, 1kb = 1024, m/mb, g/gb.\n");
        sb.append("Directives marked * can be changed at run time with CONFIG SET.\n\n");
        int width = 0;
        for (Directive d : Directives.all()) {
            width = Math.max(width, d.name().length());
        }
        for (Directive d : Directives.all()) {
            sb.append(String.format("  %s %-" + width + "s  %s%n", d.mutable() ? "*" : " ", d.name(), d.help()));
            sb.append(String.format("    %-" + width + "s  default: %s; value: %s%n", "",
                    d.defaultValue().isEmpty() ? "\"\"" : d.defaultValue(), d.type().description()));
        }
        sb.append("\nExamples:\n");
        sb.append("  coterie-server --port 7000 --dir /var/lib/coterie\n");
        sb.append("  coterie-server /etc/coterie.conf --loglevel warning\n");
        return sb.toString();
    }
}
