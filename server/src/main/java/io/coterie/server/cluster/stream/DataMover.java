package io.coterie.server.cluster.stream;

import io.coterie.ring.placement.Transfer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Moves the records of whole slots between nodes for joins, leaves and forgets (SPEC §2 "Membership
 * changes"). The cluster runtime decides WHAT moves (a ring diff); the mover does the moving.
 * A node takes ownership of a slot only after the future for it completes.
 */
public interface DataMover {

    /** This node fetches each transfer whose {@code to} is this node from its {@code from} node. */
    CompletableFuture<MoveReport> pull(List<Transfer> transfers);

    /** This node sends each transfer whose {@code from} is this node to its {@code to} node (graceful leave). */
    CompletableFuture<MoveReport> push(List<Transfer> transfers);

    /**
     * What a move did, for logs, INFO and the join benchmark.
     *
     * @param slots      slots moved
     * @param keys       records sent or received
     * @param bytes      payload bytes sent or received
     * @param elapsedMs  wall time the move took
     */
    record MoveReport(int slots, long keys, long bytes, long elapsedMs) {

        public static final MoveReport NOTHING = new MoveReport(0, 0, 0, 0);

        public MoveReport plus(MoveReport o) {
            return new MoveReport(slots + o.slots, keys + o.keys, bytes + o.bytes, Math.max(elapsedMs, o.elapsedMs));
        }
    }
}
