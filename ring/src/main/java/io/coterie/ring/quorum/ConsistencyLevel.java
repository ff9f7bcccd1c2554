package io.coterie.ring.quorum;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How many replicas must answer a read or acknowledge a write (SPEC section 2, "Consistency"):
 * ONE, TWO, THREE, QUORUM, ALL, an integer 1..N, and ANY for writes only.
 *
 * <p>A level is resolved against the key's effective N (the replication factor capped at the
 * cluster size) only when a request starts, with {@link #required(int)}. A fixed count larger than
 * N is not silently capped: as in Cassandra, where {@code THREE} on a keyspace with RF 2 fails with
 * UnavailableException, the request fails at once with {@link NoQuorum#levelExceedsN}. Capping
 * would quietly weaken a client that asked for three copies.
 */
public sealed interface ConsistencyLevel {

    /** Parsing limit for integer levels: no cluster replicates more widely than this. */
    int COUNT_MAX = 64;

    String ANY_READ_ERROR = "ERR ANY is only valid for writes";

    ConsistencyLevel ONE = new Count(1);
    ConsistencyLevel TWO = new Count(2);
    ConsistencyLevel THREE = new Count(3);
    ConsistencyLevel QUORUM = new Quorum();
    ConsistencyLevel ALL = new All();
    ConsistencyLevel ANY = new Any();

    /** A fixed number of replicas: ONE, TWO, THREE or an integer. */
    record Count(int replicas) implements ConsistencyLevel {
        public Count {
            if (replicas < 1 || replicas > COUNT_MAX) {
                throw new IllegalArgumentException("a level counts 1.." + COUNT_MAX + " replicas, was " + replicas);
            }
        }
    }

    /** A majority of N: n/2 + 1, so any read quorum meets any write quorum (Dynamo §4.5, R + W > N). */
    record Quorum() implements ConsistencyLevel {
    }

    /** Every one of the N replicas. */
    record All() implements ConsistencyLevel {
    }

    /** Writes only: one acknowledgement from any node, or a hint stored by the coordinator. */
    record Any() implements ConsistencyLevel {
    }

    /**
     * Replies (or acks) needed when the key's effective replication factor is {@code n}. May exceed
     * {@code n} for a fixed count; the coordinations then fail at once (see the class comment).
     */
    default int required(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("N must be >= 1, was " + n);
        }
        if (this instanceof Count c) {
            return c.replicas();
        } else if (this instanceof Quorum) {
            return n / 2 + 1;
        } else if (this instanceof All) {
            return n;
        } else if (this instanceof Any) {
            return 1;
        }
        throw new AssertionError(this);
    }

    default boolean isAny() {
        return this instanceof Any;
    }

    /** The canonical name: ONE, TWO, THREE, QUORUM, ALL, ANY, or the integer for other counts. */
    default String text() {
        if (this instanceof Count c) {
            return switch (c.replicas()) {
                case 1 -> "ONE";
                case 2 -> "TWO";
                case 3 -> "THREE";
                default -> Integer.toString(c.replicas());
            };
        } else if (this instanceof Quorum) {
            return "QUORUM";
        } else if (this instanceof All) {
            return "ALL";
        } else if (this instanceof Any) {
            return "ANY";
        }
        throw new AssertionError(this);
    }

    /** Any level, ANY included; case-insensitive. */
    static Parsed<ConsistencyLevel> parse(String text) {
        switch (text.toUpperCase(Locale.ROOT)) {
            case "ONE":
                return Parsed.ok(ONE);
            case "TWO":
                return Parsed.ok(TWO);
            case "THREE":
                return Parsed.ok(THREE);
            case "QUORUM":
                return Parsed.ok(QUORUM);
            case "ALL":
                return Parsed.ok(ALL);
            case "ANY":
                return Parsed.ok(ANY);
            default:
                // Digits only: Integer.parseInt would also accept "+2".
                if (!text.isEmpty() && text.length() <= 2 && text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    int n = Integer.parseInt(text);
                    if (n >= 1 && n <= COUNT_MAX) {
                        return Parsed.ok(new Count(n));
                    }
                }
                return Parsed.err("ERR invalid consistency level '" + text
                        + "', expected ONE, TWO, THREE, QUORUM, ALL, ANY (writes only) or an integer 1.." + COUNT_MAX);
        }
    }

    static Parsed<ConsistencyLevel> parse(byte[] text) {
        return parse(new String(text, StandardCharsets.UTF_8));
    }

    /** A level for reads: like {@link #parse(String)} but refuses ANY. */
    static Parsed<ConsistencyLevel> parseRead(String text) {
        Parsed<ConsistencyLevel> level = parse(text);
        if (level instanceof Parsed.Ok<ConsistencyLevel> ok && ok.value().isAny()) {
            return Parsed.err(ANY_READ_ERROR);
        }
        return level;
    }
}
