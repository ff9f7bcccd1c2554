package io.coterie.server.dispatch;

import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.CommandTable;
import java.nio.charset.StandardCharsets;

/**
 * Finds a command by its name bytes in any case without allocating: open addressing over an
 * ASCII-case-folded hash, compared byte by byte. Built once from the {@link CommandTable}, read-only.
 */
public final class CommandIndex {

    /** No Redis command name is longer; anything longer is unknown without hashing it. */
    private static final int NAME_LENGTH_MAX = 32;

    private final CommandSpec[] specs;
    private final byte[][] names;
    private final int mask;

    public CommandIndex(CommandTable table) {
        int size = Integer.highestOneBit(Math.max(4, table.size() * 4) - 1) << 1;
        specs = new CommandSpec[size];
        names = new byte[size][];
        mask = size - 1;
        for (CommandSpec s : table.all()) {
            byte[] name = s.name().getBytes(StandardCharsets.US_ASCII);
            int i = hash(name) & mask;
            while (specs[i] != null) {
                i = (i + 1) & mask;
            }
            specs[i] = s;
            names[i] = name;
        }
    }

    /** The command named {@code name} (any ASCII case), or null. */
    public CommandSpec find(byte[] name) {
        if (name.length > NAME_LENGTH_MAX) {
            return null;
        }
        int i = hash(name) & mask;
        while (specs[i] != null) {
            if (equalsIgnoreCase(names[i], name)) {
                return specs[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + fold(b);
        }
        return h ^ (h >>> 16);
    }

    private static int fold(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** {@code lower} is already lower-case. */
    private static boolean equalsIgnoreCase(byte[] lower, byte[] name) {
        if (lower.length != name.length) {
            return false;
        }
        for (int k = 0; k < lower.length; k++) {
            if (lower[k] != fold(name[k])) {
                return false;
            }
        }
        return true;
    }
}
