package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;

/**
 * One row of CLUSTER HINTS: what is waiting for {@code target}.
 *
 * @param inFlight      of {@code count}, how many are in a handoff batch not yet acknowledged
 * @param oldestMs      creation time of the oldest pending hint, or -1 if none
 * @param dropped       hints evicted or refused since the target was last repaired
 */
public record PendingHints(NodeId target, int count, long bytes, int inFlight, long oldestMs, long dropped) {
}
