package io.coterie.server.cluster.replica;

/**
 * A durable upper bound on every HLC reading this node has handed out, so a restarted node's clock starts past all
 * of them even when its wall clock came back behind. Without it a node's next write after such a restart sorts
 * under its earlier ones, and a plain GET shows the older value (CockroachDB and Spanner persist a similar bound).
 * The store extends the lease ahead of need, so the durable write happens once every {@code leaseMs / 2} of
 * HLC time, not per write.
 */
public interface HlcLease {

    /** No persistence: a clock that starts at the wall clock (tests, and stores that are not a node's own). */
    HlcLease NONE = new HlcLease() {
        @Override
        public long floorMs() {
            return 0;
        }

        @Override
        public void extendTo(long untilMs) {
        }
    };

    /** Every reading handed out before this start had a physical time below this; 0 if nothing was saved. */
    long floorMs();

    /** Durably promises that no reading will reach {@code untilMs} without another extension first. */
    void extendTo(long untilMs);
}
