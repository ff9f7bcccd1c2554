package io.coterie.server.command.strings;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.RespWriter;
import io.coterie.server.command.keys.KeyReads;
import io.coterie.server.command.keys.Outcome;
import io.coterie.server.command.keys.Records;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import java.util.Arrays;

/**
 * APPEND and SETRANGE: in-place edits of a string that keep the key's expiry and refuse to build a
 * string longer than proto-max-bulk-len. Stored arrays are never modified; every edit makes a copy.
 */
final class StringEdits {

    private StringEdits() {
    }

    /** APPEND: the new length. A missing key is created, even with an empty value (unlike SETRANGE). */
    static void append(CommandContext ctx, Args args, RespWriter out) {
        byte[] suffix = args.bytes(2);
        long length = ctx.store().update(args.bytes(1), ctx.nowMillis(), current -> {
            if (current == null) {
                return Mutation.put(Record.of(suffix), Outcome.ok((long) suffix.length));
            }
            byte[] old = current.value();
            if (!StringLength.allows(ctx, old.length, suffix.length)) {
                return Mutation.keep(Outcome.<Long>failed(StringLength.tooLong()));
            }
            byte[] joined = Arrays.copyOf(old, old.length + suffix.length);
            System.arraycopy(suffix, 0, joined, old.length, suffix.length);
            return Mutation.put(current.withValue(joined), Outcome.ok((long) joined.length));
        }).orThrow();
        out.integer(length);
    }

    /**
     * SETRANGE key offset value: the new length. Pads with zero bytes; an empty value changes nothing
     * (and creates nothing), so it answers the current length without checking the limit, as Redis.
     */
    static void setRange(CommandContext ctx, Args args, RespWriter out) {
        long offset = args.longArg(2);
        if (offset < 0) {
            throw new CommandError("ERR offset is out of range");
        }
        byte[] patch = args.bytes(3);
        long length = ctx.store().update(args.bytes(1), ctx.nowMillis(), current -> {
            byte[] old = current == null ? new byte[0] : current.value();
            if (patch.length == 0) {
                return Mutation.keep(Outcome.ok((long) old.length));
            }
            if (!StringLength.allows(ctx, offset, patch.length)) {
                return Mutation.keep(Outcome.<Long>failed(StringLength.tooLong()));
            }
            byte[] edited = Arrays.copyOf(old, Math.max(old.length, (int) offset + patch.length));
            System.arraycopy(patch, 0, edited, (int) offset, patch.length);
            long expiry = current == null ? Record.NO_EXPIRY : current.expireAtMs();
            return Mutation.put(Records.replacing(current, edited, expiry), Outcome.ok((long) edited.length));
        }).orThrow();
        out.integer(length);
    }

    /** GETRANGE key start end: the substring, with Redis's clamping of negative and out-of-range indices. */
    static void getRange(CommandContext ctx, Args args, RespWriter out) {
        long start = args.longArg(2);
        long end = args.longArg(3);
        Record r = KeyReads.read(ctx, args.bytes(1));
        byte[] value = r == null ? new byte[0] : r.value();
        Substring.Range range = Substring.range(value.length, start, end);
        out.bulk(value, range.from(), range.length());
    }
}
