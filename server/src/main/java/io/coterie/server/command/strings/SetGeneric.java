package io.coterie.server.command.strings;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.RespWriter;
import io.coterie.server.command.keys.KeyReads;
import io.coterie.server.command.keys.Records;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;

/**
 * The one core behind SET, SETNX, SETEX, PSETEX and GETSET, as Redis's setGenericCommand.
 *
 * <p>Order of checks, as Redis: the expiry argument is validated first (so a bad expiry is an
 * error even when NX/XX would not have written); then, atomically for the key, the NX/XX condition
 * decides whether to write. A write drops the key's expiry unless KEEPTTL (or sets the new one), and
 * keeps the key's version metadata. An expiry already in the past deletes the key instead.
 *
 * <p>Replies: with GET, the old value or nil whether or not the write happened (and the lookup counts
 * as a keyspace hit or miss); otherwise {@link Replies} says what "written" and "not written" look like.
 */
final class SetGeneric {

    /** What a SET-like command answers when it did or did not write. */
    enum Replies {
        /** SET, SETEX, PSETEX: +OK, or nil when NX/XX prevented the write. */
        OK_OR_NIL,
        /** SETNX: :1 or :0. */
        ONE_OR_ZERO
    }

    private SetGeneric() {
    }

    private record Result(boolean written, Record previous) {
    }

    /** Without GET the previous value is not needed: shared results, no garbage per SET. */
    private static final Result WRITTEN = new Result(true, null);
    private static final Result NOT_WRITTEN = new Result(false, null);

    static void set(CommandContext ctx, Args args, byte[] key, byte[] value, SetOptions options,
                    RespWriter out, Replies replies) {
        long nowMs = ctx.nowMillis();
        long expireAtMs = options.expireAtMs(nowMs, args);
        Result result = ctx.store().update(key, nowMs, current -> {
            boolean found = current != null;
            if ((options.nx() && found) || (options.xx() && !found)) {
                return Mutation.keep(options.get() ? new Result(false, current) : NOT_WRITTEN);
            }
            Result written = options.get() ? new Result(true, current) : WRITTEN;
            if (options.hasExpiry() && expireAtMs <= nowMs) {
                return Mutation.remove(written);
            }
            long expiry = options.keepTtl() && found ? current.expireAtMs() : expireAtMs;
            return Mutation.put(Records.replacing(current, value, expiry), written);
        });
        if (options.get()) {
            KeyReads.count(ctx, result.previous() != null);
            StringReplies.valueOrNil(out, result.previous());
        } else if (replies == Replies.ONE_OR_ZERO) {
            out.integer(result.written() ? 1 : 0);
        } else if (result.written()) {
            out.ok();
        } else {
            out.nullBulk();
        }
    }
}
