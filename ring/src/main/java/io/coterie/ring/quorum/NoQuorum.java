package io.coterie.ring.quorum;

/**
 * Why a request did not reach its level: the text after '-' in the RESP error. The stable part is
 * {@code NOQUORUM needed <n> <acks|replies> got <m>}; the reason after the colon says which rule
 * stopped it. A write that fails this way may still have landed on some replicas (SPEC section 2,
 * as in Cassandra): the failure says the level was not confirmed, not that nothing was written.
 */
public record NoQuorum(int needed, int got, Op op, String reason) {

    public enum Op {
        READ("replies"),
        WRITE("acks");

        final String unit;

        Op(String unit) {
            this.unit = unit;
        }
    }

    public NoQuorum {
        if (needed < 1 || got < 0 || got >= needed) {
            throw new IllegalArgumentException("NOQUORUM with needed " + needed + " got " + got);
        }
    }

    /** {@code NOQUORUM needed 2 acks got 1: timed out} */
    public String text() {
        return "NOQUORUM needed " + needed + " " + op.unit + " got " + got + ": " + reason;
    }

    /** Cassandra's "Cannot achieve consistency level THREE" on RF 2: fail before sending anything. */
    public static NoQuorum levelExceedsN(Op op, ConsistencyLevel level, int needed, int n) {
        return new NoQuorum(needed, 0, op, "level " + level.text() + " exceeds N=" + n);
    }

    /** Cassandra's UnavailableException: the failure detector already says the level is out of reach. */
    static NoQuorum unavailable(Op op, int needed, int live, int n) {
        return new NoQuorum(needed, 0, op, "only " + live + " of " + n + " replicas live");
    }

    static NoQuorum timedOut(Op op, int needed, int got) {
        return new NoQuorum(needed, got, op, "timed out");
    }

    static NoQuorum failed(Op op, int needed, int got, int failed) {
        return new NoQuorum(needed, got, op, failed + (failed == 1 ? " node" : " nodes") + " failed");
    }
}
