package io.coterie.server.command.strings;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.RespWriter;
import io.coterie.server.command.keys.Outcome;
import io.coterie.server.command.keys.Records;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import java.nio.charset.StandardCharsets;

/**
 * The core of INCR, DECR, INCRBY and DECRBY (Redis's incrDecrCommand): a missing key counts as 0,
 * the stored value must be a 64-bit integer in Redis's strict form, the result must not overflow,
 * and the key keeps its expiry.
 */
final class IntegerIncrement {

    private IntegerIncrement() {
    }

    static void incrementBy(CommandContext ctx, byte[] key, long delta, RespWriter out) {
        long result = ctx.store().update(key, ctx.nowMillis(), current -> {
            long old;
            if (current == null) {
                old = 0;
            } else {
                try {
                    old = Args.parseLong(current.value());
                } catch (CommandError notAnInteger) {
                    return Mutation.keep(Outcome.<Long>failed(notAnInteger));
                }
            }
            if ((delta < 0 && old < 0 && delta < Long.MIN_VALUE - old)
                    || (delta > 0 && old > 0 && delta > Long.MAX_VALUE - old)) {
                return Mutation.keep(Outcome.<Long>failed(new CommandError(CommandError.OVERFLOW)));
            }
            long sum = old + delta;
            byte[] digits = Long.toString(sum).getBytes(StandardCharsets.US_ASCII);
            long expiry = current == null ? Record.NO_EXPIRY : current.expireAtMs();
            return Mutation.put(Records.replacing(current, digits, expiry), Outcome.ok(sum));
        }).orThrow();
        out.integer(result);
    }

    /** DECRBY's argument: negating Long.MIN_VALUE would overflow, which Redis reports on its own. */
    static long negatedDecrement(Args args, int i) {
        long decrement = args.longArg(i);
        if (decrement == Long.MIN_VALUE) {
            throw new CommandError("ERR decrement would overflow");
        }
        return -decrement;
    }
}
