package io.coterie.server.command.strings;

import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.RespWriter;
import io.coterie.server.command.keys.Outcome;
import io.coterie.server.command.keys.Records;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import java.nio.charset.StandardCharsets;

/**
 * INCRBYFLOAT (Redis's incrbyfloatCommand): long double arithmetic, a non-finite result is refused,
 * the value is stored in the printed form it is answered in, and the key keeps its expiry.
 */
final class FloatIncrement {

    private FloatIncrement() {
    }

    static void incrementBy(CommandContext ctx, byte[] key, byte[] incrementArg, RespWriter out) {
        // Redis parses the stored value first; both failures have the same text, so the order is invisible.
        LongDouble increment = LongDouble.parse(incrementArg);
        byte[] result = ctx.store().update(key, ctx.nowMillis(), current -> {
            LongDouble old;
            try {
                old = current == null ? LongDouble.ZERO : LongDouble.parse(current.value());
            } catch (CommandError notAFloat) {
                return Mutation.keep(Outcome.<byte[]>failed(notAFloat));
            }
            LongDouble sum = old.plus(increment);
            if (!sum.isFinite()) {
                return Mutation.keep(Outcome.<byte[]>failed(new CommandError("ERR increment would produce NaN or Infinity")));
            }
            byte[] printed = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);
            long expiry = current == null ? Record.NO_EXPIRY : current.expireAtMs();
            return Mutation.put(Records.replacing(current, printed, expiry), Outcome.ok(printed));
        }).orThrow();
        out.bulk(result);
    }
}
