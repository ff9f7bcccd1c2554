package io.coterie.server.command.keys;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.RespWriter;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import io.coterie.storage.Store;
import java.util.Arrays;

/**
 * The shared core of RENAME and RENAMENX (Redis's renameGenericCommand). The value moves with its
 * expiry.
 *
 * <p>The store is atomic per key only, so the move is "copy, then delete the source if it is still
 * the record that was copied": if another client rewrites the source in between, the outcome is
 * that of the rename followed by that write, and a failed copy (a full store) leaves the source
 * untouched rather than losing it.
 */
final class Rename {

    private Rename() {
    }

    static void rename(CommandContext ctx, Args args, RespWriter out, boolean onlyIfTargetAbsent) {
        byte[] source = args.bytes(1);
        byte[] target = args.bytes(2);
        long nowMs = ctx.nowMillis();
        Store store = ctx.store();
        Record moving = store.get(source, nowMs);
        if (moving == null) {
            throw new CommandError(CommandError.NO_SUCH_KEY);
        }
        if (Arrays.equals(source, target)) {
            reply(out, onlyIfTargetAbsent, false);
            return;
        }
        boolean copied = store.update(target, nowMs, current -> {
            if (current != null && onlyIfTargetAbsent) {
                return Mutation.keep(false);
            }
            return Mutation.put(Records.replacing(current, moving.value(), moving.expireAtMs()), true);
        });
        if (copied) {
            store.update(source, nowMs, current ->
                    moving.equals(current) ? Mutation.remove(null) : Mutation.keep(null));
        }
        reply(out, onlyIfTargetAbsent, copied);
    }

    private static void reply(RespWriter out, boolean nx, boolean renamed) {
        if (nx) {
            out.integer(renamed ? 1 : 0);
        } else {
            out.ok();
        }
    }
}
