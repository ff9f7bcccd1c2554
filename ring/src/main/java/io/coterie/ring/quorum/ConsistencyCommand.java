package io.coterie.ring.quorum;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The CONSISTENCY command, parsed purely (SPEC section 3):
 * <pre>
 *   CONSISTENCY                                  → show the current read and write levels
 *   CONSISTENCY &lt;level&gt;                          → set both
 *   CONSISTENCY READ &lt;level&gt; [WRITE &lt;level&gt;]     → set the read level (and the write level)
 *   CONSISTENCY WRITE &lt;level&gt;                    → set the write level
 * </pre>
 * ANY is refused wherever it would become a read level, including {@code CONSISTENCY ANY}.
 */
public sealed interface ConsistencyCommand {

    /** Reply with {@link Consistency#describe()} of the current levels. */
    record Show() implements ConsistencyCommand {
    }

    /** Replace the connection's levels with {@link #applyTo}'s result; reply +OK. */
    record Change(ConsistencyLevel read, ConsistencyLevel write) implements ConsistencyCommand {
        /** Either may be null, meaning "keep the connection's current one"; never both. */
        public Change {
            if (read == null && write == null) {
                throw new IllegalArgumentException("a change sets at least one level");
            }
        }

        public Consistency applyTo(Consistency current) {
            Objects.requireNonNull(current, "current");
            return new Consistency(read != null ? read : current.read(), write != null ? write : current.write());
        }
    }

    String ARITY_ERROR = "ERR wrong number of arguments for 'consistency' command";
    String SYNTAX_ERROR = "ERR syntax error, expected CONSISTENCY [<level> | READ <level> [WRITE <level>] | WRITE <level>]";

    /** @param args the arguments after the command name */
    static Parsed<ConsistencyCommand> parse(List<byte[]> args) {
        List<String> a = args.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        switch (a.size()) {
            case 0:
                return Parsed.ok(new Show());
            case 1:
                // Setting "both" to ANY would make ANY a read level, so parse it as one.
                return ConsistencyLevel.parseRead(a.get(0)).map(l -> new Change(l, l));
            case 2:
            case 4:
                break;
            default:
                return Parsed.err(a.size() == 3 ? SYNTAX_ERROR : ARITY_ERROR);
        }
        String first = a.get(0).toUpperCase(Locale.ROOT);
        if (first.equals("WRITE") && a.size() == 2) {
            return ConsistencyLevel.parse(a.get(1)).map(w -> new Change(null, w));
        }
        if (!first.equals("READ") || (a.size() == 4 && !a.get(2).equalsIgnoreCase("WRITE"))) {
            return Parsed.err(SYNTAX_ERROR);
        }
        Parsed<ConsistencyLevel> read = ConsistencyLevel.parseRead(a.get(1));
        if (read instanceof Parsed.Err<ConsistencyLevel> || a.size() == 2) {
            return read.map(r -> new Change(r, null));
        }
        ConsistencyLevel r = read.orThrow();
        return ConsistencyLevel.parse(a.get(3)).map(w -> new Change(r, w));
    }
}
