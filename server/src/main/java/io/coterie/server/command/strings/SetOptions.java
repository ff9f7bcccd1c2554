package io.coterie.server.command.strings;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.keys.ExpireTime;
import io.coterie.storage.Record;
import java.util.concurrent.TimeUnit;

/**
 * The options of SET (NX, XX, GET, KEEPTTL, EX, PX, EXAT, PXAT) and GETEX (EX, PX, EXAT, PXAT,
 * PERSIST), parsed as Redis 7's parseExtendedStringArgumentsOrReply does: an option may repeat,
 * conflicting ones (NX with XX, two different expiry kinds, KEEPTTL or PERSIST with an expiry)
 * and options the command does not take are a syntax error, and so is an expiry without its value.
 *
 * @param expiry     which expiry option was given, or null
 * @param expiryArg  its raw value, validated only by {@link #expireAtMs} (Redis checks it later than syntax)
 */
public record SetOptions(boolean nx, boolean xx, boolean get, boolean keepTtl, boolean persist,
                         Expiry expiry, byte[] expiryArg) {

    /** The expiry options: their unit and whether they count from now. */
    public enum Expiry {
        EX(TimeUnit.SECONDS, true),
        PX(TimeUnit.MILLISECONDS, true),
        EXAT(TimeUnit.SECONDS, false),
        PXAT(TimeUnit.MILLISECONDS, false);

        final TimeUnit unit;
        final boolean relative;

        Expiry(TimeUnit unit, boolean relative) {
            this.unit = unit;
            this.relative = relative;
        }
    }

    /** Plain SET / SETNX: no options. */
    public static final SetOptions NONE = new SetOptions(false, false, false, false, false, null, null);

    /** SET's options, from argument {@code from} (3) on. */
    public static SetOptions parseSet(Args args, int from) {
        return parse(args, from, true);
    }

    /** GETEX's options, from argument {@code from} (2) on. */
    public static SetOptions parseGetex(Args args, int from) {
        return parse(args, from, false);
    }

    /** SETEX / PSETEX: the expiry is a positional argument. */
    public static SetOptions withExpiry(Expiry expiry, byte[] value) {
        return new SetOptions(false, false, false, false, false, expiry, value);
    }

    /** SETNX: SET key value NX. */
    public static final SetOptions ONLY_IF_ABSENT = new SetOptions(true, false, false, false, false, null, null);

    /** GETSET: SET key value GET. */
    public static final SetOptions RETURNING_OLD = new SetOptions(false, false, true, false, false, null, null);

    public boolean hasExpiry() {
        return expiry != null;
    }

    /**
     * The absolute expiry the options ask for, {@link Record#NO_EXPIRY} if none, or the error Redis
     * answers (not an integer, not positive, overflow).
     */
    public long expireAtMs(long nowMs, Args command) {
        if (expiry == null) {
            return Record.NO_EXPIRY;
        }
        long value = Args.parseLong(expiryArg);
        return ExpireTime.forSetOption(value, expiry.unit, expiry.relative, nowMs, command);
    }

    private static SetOptions parse(Args args, int from, boolean isSet) {
        if (from >= args.count()) {
            return NONE;
        }
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        boolean persist = false;
        Expiry expiry = null;
        byte[] expiryArg = null;
        for (int i = from; i < args.count(); i++) {
            boolean hasNext = i + 1 < args.count();
            Expiry asked = expiryOption(args, i);
            if (isSet && args.is(i, "NX") && !xx) {
                nx = true;
            } else if (isSet && args.is(i, "XX") && !nx) {
                xx = true;
            } else if (isSet && args.is(i, "GET")) {
                get = true;
            } else if (isSet && args.is(i, "KEEPTTL") && expiry == null) {
                keepTtl = true;
            } else if (!isSet && args.is(i, "PERSIST") && expiry == null) {
                persist = true;
            } else if (asked != null && !keepTtl && !persist && (expiry == null || expiry == asked) && hasNext) {
                expiry = asked;
                expiryArg = args.bytes(++i);
            } else {
                throw CommandError.syntax();
            }
        }
        return new SetOptions(nx, xx, get, keepTtl, persist, expiry, expiryArg);
    }

    private static Expiry expiryOption(Args args, int i) {
        for (Expiry e : Expiry.values()) {
            if (args.is(i, e.name())) {
                return e;
            }
        }
        return null;
    }
}
