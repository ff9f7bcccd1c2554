package io.coterie.ring.placement;

import io.coterie.ring.NodeId;

import java.util.List;

/** Consecutive slots {@code first..last} (inclusive) that share one replica list, primary first. */
public record SlotRange(int first, int last, List<NodeId> replicas) {

    public SlotRange {
        replicas = List.copyOf(replicas);
        if (first < 0 || last < first || last >= HashSlots.SLOT_COUNT) {
            throw new IllegalArgumentException("bad slot range " + first + ".." + last);
        }
    }

    public int size() {
        return last - first + 1;
    }
}
