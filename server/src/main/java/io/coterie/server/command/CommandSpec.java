package io.coterie.server.command;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One command, described once (as Redis's src/commands/*.json): everything that routes, checks or
 * documents commands — the dispatcher's arity check, COMMAND INFO/DOCS, and later the coordinator's
 * key routing — reads it from here.
 *
 * @param name      lower-case command name
 * @param arity     Redis convention: positive = exact argument count including the name, negative = at least -arity
 * @param flags     what kind of command it is
 * @param firstKey  index of the first key argument (1-based like Redis, 0 = no keys)
 * @param lastKey   index of the last key argument; -1 = the last argument, -2 = the one before, ...
 * @param keyStep   distance between key arguments (2 for MSET's key value pairs)
 * @param group     Redis's documentation group: "string", "generic", "connection", "server", "cluster"
 * @param summary   one line for COMMAND DOCS
 * @param handler   the body
 */
public record CommandSpec(
        String name,
        int arity,
        Set<CommandFlag> flags,
        int firstKey,
        int lastKey,
        int keyStep,
        String group,
        String summary,
        CommandHandler handler) {

    public CommandSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(handler);
        name = name.toLowerCase(Locale.ROOT);
        flags = Set.copyOf(flags);
        if (arity == 0) {
            throw new IllegalArgumentException("arity 0 is not a valid arity for " + name);
        }
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    /** True if {@code argc} (count including the name) satisfies the arity. */
    public boolean arityAccepts(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }
}
