package io.coterie.server.command.keys;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandError;

/**
 * SCAN's MATCH / COUNT / TYPE options, parsed as Redis 7.0's scanGenericCommand does: each may
 * repeat (the last wins), each needs its value, COUNT must be at least 1.
 *
 * @param pattern     the MATCH glob, or null when there is none or it is a lone "*" (matches all)
 * @param count       how much work one call should do (Redis's default is 10)
 * @param type        the TYPE option
 */
public record ScanOptions(byte[] pattern, long count, TypeFilter type) {

    public static final long DEFAULT_COUNT = 10;

    /** SCAN's TYPE option. Coterie stores only strings; any other type name matches nothing, as in Redis 7.0. */
    public enum TypeFilter {
        /** No TYPE option. */
        ANY,
        /** TYPE string (any case). */
        STRING,
        /** TYPE of another or an unknown type. */
        NOTHING
    }

    public static ScanOptions parse(Args args, int from) {
        byte[] pattern = null;
        long count = DEFAULT_COUNT;
        TypeFilter type = TypeFilter.ANY;
        int i = from;
        while (i < args.count()) {
            boolean hasValue = args.count() - i >= 2;
            if (args.is(i, "COUNT") && hasValue) {
                count = args.longArg(i + 1);
                if (count < 1) {
                    throw CommandError.syntax();
                }
            } else if (args.is(i, "MATCH") && hasValue) {
                byte[] p = args.bytes(i + 1);
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else if (args.is(i, "TYPE") && hasValue) {
                type = args.is(i + 1, "string") ? TypeFilter.STRING : TypeFilter.NOTHING;
            } else {
                throw CommandError.syntax();
            }
            i += 2;
        }
        return new ScanOptions(pattern, count, type);
    }
}
