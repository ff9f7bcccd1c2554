package io.coterie.server.command.strings;

import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;

/**
 * The limit on strings that APPEND and SETRANGE build (Redis's checkStringLength): proto-max-bulk-len,
 * and never more than a Java array can hold.
 */
final class StringLength {

    /** The largest byte[] the JVM reliably allocates. */
    static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private StringLength() {
    }

    /** Whether a string of {@code prefixLength + appendedLength} bytes may be built, without overflowing. */
    static boolean allows(CommandContext ctx, long prefixLength, long appendedLength) {
        long limit = Math.min(ctx.maxBulkLength(), MAX_ARRAY_LENGTH);
        return prefixLength <= limit - appendedLength;
    }

    static CommandError tooLong() {
        return new CommandError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    }
}
