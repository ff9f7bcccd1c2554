package io.coterie.server.command.keys;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandError;
import io.coterie.storage.Record;

/**
 * The Redis 7 NX / XX / GT / LT options of EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT
 * (parseExtendedExpireArgumentsOrReply in expire.c), and the test they put on a key's current expiry.
 */
public record ExpireCondition(boolean nx, boolean xx, boolean gt, boolean lt) {

    /** No current expiry: GT treats it as infinite, LT as "anything is less". */
    private static final long NO_EXPIRY = -1;

    /** Parses the options from argument {@code from} to the end; options may repeat. */
    public static ExpireCondition parse(Args args, int from) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = from; i < args.count(); i++) {
            if (args.is(i, "NX")) {
                nx = true;
            } else if (args.is(i, "XX")) {
                xx = true;
            } else if (args.is(i, "GT")) {
                gt = true;
            } else if (args.is(i, "LT")) {
                lt = true;
            } else {
                // Redis keeps error replies on one line by turning CR/LF into spaces.
                throw new CommandError("ERR Unsupported option " + args.string(i).replace('\r', ' ').replace('\n', ' '));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new CommandError("ERR GT and LT options at the same time are not compatible");
        }
        return new ExpireCondition(nx, xx, gt, lt);
    }

    /**
     * Whether the new expiry may replace the current one.
     *
     * @param currentExpireAtMs the key's expiry, or {@link Record#NO_EXPIRY}
     * @param newExpireAtMs     the requested expiry (may be in the past)
     */
    public boolean allows(long currentExpireAtMs, long newExpireAtMs) {
        long current = currentExpireAtMs == Record.NO_EXPIRY ? NO_EXPIRY : currentExpireAtMs;
        if (nx && current != NO_EXPIRY) {
            return false;
        }
        if (xx && current == NO_EXPIRY) {
            return false;
        }
        if (gt && (current == NO_EXPIRY || newExpireAtMs <= current)) {
            return false;
        }
        return !(lt && current != NO_EXPIRY && newExpireAtMs >= current);
    }
}
