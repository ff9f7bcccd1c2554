package io.coterie.ring.quorum;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code CL <level> <command> [args…]} (SPEC section 3): run one command at {@code level} — the read
 * level if the command reads, the write level if it writes — without touching the connection's
 * levels. Whether the command writes comes from the command table, so that check happens in
 * {@link #levelFor(boolean)} after the server has looked the command up.
 *
 * @param command the wrapped command's name and arguments, unchanged
 */
public record ClPrefix(ConsistencyLevel level, List<byte[]> command) {

    public static final String ARITY_ERROR = "ERR wrong number of arguments for 'cl' command";
    public static final String NESTED_ERROR = "ERR CL cannot wrap another CL";

    public ClPrefix {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("CL wraps a command");
        }
        command = List.copyOf(command);
    }

    /** @param args the arguments after {@code CL} */
    public static Parsed<ClPrefix> parse(List<byte[]> args) {
        if (args.size() < 2) {
            return Parsed.err(ARITY_ERROR);
        }
        if (new String(args.get(1), StandardCharsets.UTF_8).equalsIgnoreCase("CL")) {
            return Parsed.err(NESTED_ERROR);
        }
        return ConsistencyLevel.parse(args.get(0)).map(level -> new ClPrefix(level, args.subList(1, args.size())));
    }

    /** The level to run at, or the error for ANY on a read. */
    public Parsed<ConsistencyLevel> levelFor(boolean isWrite) {
        return !isWrite && level.isAny() ? Parsed.err(ConsistencyLevel.ANY_READ_ERROR) : Parsed.ok(level);
    }
}
