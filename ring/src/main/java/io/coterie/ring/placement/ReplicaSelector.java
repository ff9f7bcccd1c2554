package io.coterie.ring.placement;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one slot's members, sorted by claim time, into its preference row: the first N nodes taking
 * at most one per rack while racks remain unused, then (if there are fewer racks than N) the
 * earliest skipped nodes, then every remaining member as a fallback in claim order. A node without a
 * rack counts as a rack of its own. Removing a node that is not among a slot's N replicas cannot
 * change this choice, which keeps the leave-moves-only-its-own-share property with racks too.
 */
final class ReplicaSelector {

    private final int replicas;
    private final int[] rackOf;
    private final int rackCount;
    private final boolean[] rackUsed;
    private final boolean[] taken;

    ReplicaSelector(List<RingMember> members, int replicas) {
        this.replicas = replicas;
        this.rackOf = new int[members.size()];
        Map<String, Integer> rackIds = new HashMap<>();
        int next = 0;
        for (int i = 0; i < members.size(); i++) {
            String rack = members.get(i).rack().orElse(null);
            if (rack == null) {
                rackOf[i] = next++;
            } else {
                Integer id = rackIds.get(rack);
                if (id == null) {
                    id = next++;
                    rackIds.put(rack, id);
                }
                rackOf[i] = id;
            }
        }
        this.rackCount = next;
        this.rackUsed = new boolean[rackCount];
        this.taken = new boolean[members.size()];
    }

    /** Writes the row for one slot into {@code out[base .. base + n)} from keys sorted by claim time. */
    void select(long[] sortedKeys, short[] out, int base) {
        int n = sortedKeys.length;
        Arrays.fill(rackUsed, false);
        Arrays.fill(taken, false);
        int written = 0;
        for (int i = 0; i < n && written < replicas; i++) {
            int member = ClaimSchedule.memberIndexOf(sortedKeys[i]);
            if (!rackUsed[rackOf[member]]) {
                rackUsed[rackOf[member]] = true;
                taken[member] = true;
                out[base + written++] = (short) member;
            }
        }
        for (int i = 0; i < n; i++) {
            int member = ClaimSchedule.memberIndexOf(sortedKeys[i]);
            if (!taken[member]) {
                out[base + written++] = (short) member;
            }
        }
    }
}
