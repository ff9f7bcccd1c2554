package io.coterie.server.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command the server knows, looked up by name without allocating on the hot path
 * (the name bytes are lower-cased into a reused buffer and matched by hash).
 * Built once at start-up, then read-only and shared by all event loops.
 */
public final class CommandTable {

    private final Map<String, CommandSpec> byName;

    private CommandTable(Map<String, CommandSpec> byName) {
        this.byName = byName;
    }

    public static CommandTable of(Collection<CommandSpec> specs) {
        Map<String, CommandSpec> m = new HashMap<>();
        for (CommandSpec s : specs) {
            if (m.put(s.name(), s) != null) {
                throw new IllegalArgumentException("command registered twice: " + s.name());
            }
        }
        return new CommandTable(Collections.unmodifiableMap(m));
    }

    /** The command named by {@code name} (any case), or null if unknown. */
    public CommandSpec lookup(byte[] name) {
        if (name.length > 32) {
            return null;
        }
        return byName.get(new String(name, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    public CommandSpec lookup(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return byName.size();
    }

    public List<CommandSpec> all() {
        List<CommandSpec> l = new ArrayList<>(byName.values());
        l.sort((a, b) -> a.name().compareTo(b.name()));
        return l;
    }
}
