package io.coterie.server.config;

import io.coterie.server.util.SplitArgs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the start-up configuration as redis-server does: table defaults, then the embedded
 * {@code coterie-default.conf}, then the config file named by the first argument (if any), then
 * {@code --directive value...} flags, each later source overriding the earlier ones.
 */
public final class ConfigLoader {

    /** The embedded default configuration, also the documented sample (kept equal to the table by a test). */
    public static final String DEFAULT_CONFIG_RESOURCE = "/coterie-default.conf";

    /** Redis limits include nesting the same way, to stop include loops. */
    private static final int INCLUDE_DEPTH_MAX = 8;

    /** What the command line asks for. */
    public sealed interface Outcome {
        record Run(ServerConfig config) implements Outcome {}

        record ShowHelp(String text) implements Outcome {}

        record ShowVersion(String text) implements Outcome {}
    }

    private ConfigLoader() {
    }

    public static Outcome load(String[] argv, String version) throws ConfigException {
        for (String a : argv) {
            if (a.equals("--help") || a.equals("-h")) {
                return new Outcome.ShowHelp(HelpText.render(version));
            }
            if (a.equals("--version") || a.equals("-v")) {
                return new Outcome.ShowVersion("Coterie server v=" + version + " (RESP compatible with Redis "
                        + ServerInfo.REDIS_VERSION + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Directive d : Directives.all()) {
            values.put(d.name(), d.defaultValue());
        }
        applyLines(readEmbeddedDefaults(), "embedded " + DEFAULT_CONFIG_RESOURCE, values, 0);

        int i = 0;
        Optional<Path> file = Optional.empty();
        if (argv.length > 0 && !argv[0].startsWith("--")) {
            Path p = Path.of(argv[0]).toAbsolutePath().normalize();
            file = Optional.of(p);
            applyFile(p, values, 0);
            i = 1;
        }
        applyFlags(argv, i, values);
        return new Outcome.Run(new ServerConfig(values, file));
    }

    /** Parses {@code --name value...} pairs: every "--" word starts a directive, the words up to the next one are its values. */
    static void applyFlags(String[] argv, int from, Map<String, String> values) throws ConfigException {
        int i = from;
        while (i < argv.length) {
            String flag = argv[i];
            if (!flag.startsWith("--") || flag.length() == 2) {
                throw new ConfigException(fatal("Reading the command line", "'" + flag + "'",
                        "expected a --directive, got '" + flag + "' (the config file must be the first argument)"));
            }
            List<String> words = new ArrayList<>();
            words.add(flag.substring(2));
            i++;
            while (i < argv.length && !argv[i].startsWith("--")) {
                words.add(argv[i]);
                i++;
            }
            apply(words, values, "Reading the command line", "'" + String.join(" ", prefixFlag(words)) + "'");
        }
    }

    private static List<String> prefixFlag(List<String> words) {
        List<String> l = new ArrayList<>(words);
        l.set(0, "--" + l.get(0));
        return l;
    }

    static void applyFile(Path file, Map<String, String> values, int depth) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Fatal error, can't open config file '" + file + "': " + e.getMessage());
        }
        applyLines(lines, file.toString(), values, depth);
    }

    private static void applyLines(List<String> lines, String source, Map<String, String> values, int depth)
            throws ConfigException {
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "Reading the configuration file " + source + ", at line " + (n + 1);
            String shown = "'" + line + "'";
            List<byte[]> raw = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
            if (raw == null) {
                throw new ConfigException(fatal(where, shown, "Unbalanced quotes in configuration line"));
            }
            List<String> words = new ArrayList<>();
            for (byte[] w : raw) {
                words.add(new String(w, StandardCharsets.UTF_8));
            }
            if (words.get(0).equalsIgnoreCase("include")) {
                if (words.size() != 2) {
                    throw new ConfigException(fatal(where, shown, "include takes exactly one file name"));
                }
                if (depth >= INCLUDE_DEPTH_MAX) {
                    throw new ConfigException(fatal(where, shown, "includes nested deeper than " + INCLUDE_DEPTH_MAX));
                }
                applyFile(Path.of(words.get(1)).toAbsolutePath().normalize(), values, depth + 1);
                continue;
            }
            apply(words, values, where, shown);
        }
    }

    private static void apply(List<String> words, Map<String, String> values, String where, String shown)
            throws ConfigException {
        String name = words.get(0).toLowerCase(Locale.ROOT);
        Directive d = Directives.find(name);
        if (d == null) {
            throw new ConfigException(fatal(where, shown, "Bad directive or wrong number of arguments: unknown directive '"
                    + words.get(0) + "' (coterie-server --help lists them)"));
        }
        int argc = words.size() - 1;
        if (argc < 1 || argc > d.type().maxArgs()) {
            throw new ConfigException(fatal(where, shown, "wrong number of arguments for '" + name + "'"));
        }
        try {
            values.put(d.name(), d.type().normalize(String.join(" ", words.subList(1, words.size()))));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(fatal(where, shown, "Invalid value for '" + name + "': " + e.getMessage()));
        }
    }

    private static String fatal(String where, String shown, String reason) {
        return "\n*** FATAL CONFIG FILE ERROR ***\n" + where + "\n>>> " + shown + "\n" + reason;
    }

    static List<String> readEmbeddedDefaults() throws ConfigException {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_CONFIG_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("the embedded " + DEFAULT_CONFIG_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new ConfigException("cannot read the embedded " + DEFAULT_CONFIG_RESOURCE + ": " + e.getMessage());
        }
    }
}
