package io.coterie.server.command.keys;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandError;
import java.util.concurrent.TimeUnit;

/**
 * Turns a command's expiry argument into an absolute Unix time in milliseconds with exactly the
 * validation and overflow checks Redis 7 applies, and rounds stored expiries back to seconds.
 * The error names the command ({@code args}), which is only spelled out when there is an error.
 */
public final class ExpireTime {

    private ExpireTime() {
    }

    /**
     * SET EX/PX/EXAT/PXAT, SETEX, PSETEX, GETEX (Redis's getExpireMillisecondsOrReply): the value must
     * be positive, and neither the unit conversion nor adding {@code nowMs} for a relative time may
     * overflow; each failure is "invalid expire time in '<command>' command".
     */
    public static long forSetOption(long value, TimeUnit unit, boolean relative, long nowMs, Args command) {
        if (value <= 0 || (unit == TimeUnit.SECONDS && value > Long.MAX_VALUE / 1000)) {
            throw CommandError.invalidExpireTime(command.commandName());
        }
        long ms = unit == TimeUnit.SECONDS ? value * 1000 : value;
        if (!relative) {
            return ms;
        }
        if (ms > Long.MAX_VALUE - nowMs) {
            throw CommandError.invalidExpireTime(command.commandName());
        }
        return ms + nowMs;
    }

    /**
     * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (Redis's expireGenericCommand): any value is accepted
     * (zero or negative means "already expired"), but the unit conversion and the addition of
     * {@code basetimeMs} (now for relative commands, 0 for the *AT ones) must not overflow.
     * The result may be at or before now; the caller then deletes the key.
     */
    public static long forExpireCommand(long value, TimeUnit unit, long basetimeMs, Args command) {
        long ms = value;
        if (unit == TimeUnit.SECONDS) {
            if (value > Long.MAX_VALUE / 1000 || value < Long.MIN_VALUE / 1000) {
                throw CommandError.invalidExpireTime(command.commandName());
            }
            ms = value * 1000;
        }
        if (ms > Long.MAX_VALUE - basetimeMs) {
            throw CommandError.invalidExpireTime(command.commandName());
        }
        return ms + basetimeMs;
    }

    /**
     * Milliseconds to seconds rounded half up, as TTL and EXPIRETIME report them ((ms + 500) / 1000),
     * computed so that an expiry near Long.MAX_VALUE does not overflow.
     */
    public static long roundToSeconds(long nonNegativeMs) {
        return nonNegativeMs / 1000 + (nonNegativeMs % 1000 + 500) / 1000;
    }
}
