package io.coterie.server.command.keys;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.RespWriter;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import java.util.concurrent.TimeUnit;

/**
 * The shared core of EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT (Redis's expireGenericCommand):
 * options first, then the time argument, then the key; a time at or before now deletes the key.
 */
final class Expiry {

    private Expiry() {
    }

    /**
     * @param unit     the unit of the time argument
     * @param relative true for EXPIRE/PEXPIRE (the time is added to now), false for the *AT commands
     */
    static void expire(CommandContext ctx, Args args, RespWriter out, TimeUnit unit, boolean relative) {
        ExpireCondition condition = ExpireCondition.parse(args, 3);
        long value = args.longArg(2);
        long nowMs = ctx.nowMillis();
        long expireAtMs = ExpireTime.forExpireCommand(value, unit, relative ? nowMs : 0, args);
        long changed = ctx.store().update(args.bytes(1), nowMs, current -> {
            if (current == null || !condition.allows(current.expireAtMs(), expireAtMs)) {
                return Mutation.keep(0L);
            }
            if (expireAtMs <= nowMs) {
                return Mutation.remove(1L);
            }
            return Mutation.put(current.withExpireAt(expireAtMs), 1L);
        });
        out.integer(changed);
    }

    /** PERSIST: 1 if an expiry was removed, 0 if the key is missing or has none. */
    static void persist(CommandContext ctx, Args args, RespWriter out) {
        long changed = ctx.store().update(args.bytes(1), ctx.nowMillis(), current -> {
            if (current == null || !current.hasExpiry()) {
                return Mutation.keep(0L);
            }
            return Mutation.put(current.withExpireAt(Record.NO_EXPIRY), 1L);
        });
        out.integer(changed);
    }

    /**
     * TTL, PTTL, EXPIRETIME, PEXPIRETIME (Redis's ttlGenericCommand): -2 for a missing key, -1 for
     * one without expiry; seconds are rounded to the nearest second.
     *
     * @param millis   report milliseconds rather than seconds
     * @param absolute report the Unix time of expiry rather than the time left
     */
    static void report(CommandContext ctx, Args args, RespWriter out, boolean millis, boolean absolute) {
        Record r = KeyReads.read(ctx, args.bytes(1));
        if (r == null) {
            out.integer(-2);
            return;
        }
        if (!r.hasExpiry()) {
            out.integer(-1);
            return;
        }
        long ms = absolute ? r.expireAtMs() : Math.max(0, r.expireAtMs() - ctx.nowMillis());
        out.integer(millis ? ms : ExpireTime.roundToSeconds(ms));
    }
}
