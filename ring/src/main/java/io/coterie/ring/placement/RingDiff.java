package io.coterie.ring.placement;

import io.coterie.ring.NodeId;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The slot-replicas that must be streamed to go from one ring to the next after a join, leave or
 * weight change: for each slot, every node that becomes a replica gets one {@link Transfer} from a
 * node that held the slot before. Slots whose replica set did not change produce nothing, and no
 * slot-replica moves between two nodes that both keep it — the input to data streaming.
 */
public final class RingDiff {

    /** Which old replica streams a slot to its new replica. */
    public enum Source {
        /**
         * The replica that gives the slot up streams it (paired with the new replica in preference
         * order). For a leave that is the leaving node itself, which streams its data away before
         * exiting; for a join it is the node the newcomer displaces.
         */
        DEPARTING_REPLICA,
        /**
         * A replica that keeps the slot streams it; the departing node is only used when no old
         * replica survives. For CLUSTER FORGET of a dead node, which cannot stream anything.
         */
        SURVIVING_REPLICA
    }

    private RingDiff() {
    }

    /** Transfers with {@link Source#DEPARTING_REPLICA} as the source. */
    public static List<Transfer> transfers(Ring before, Ring after) {
        return transfers(before, after, Source.DEPARTING_REPLICA);
    }

    /**
     * Every transfer needed so that each slot's replicas in {@code after} hold it, in slot order.
     * A slot that had no replica before (the first node of a cluster) needs no transfer: there is
     * nothing to copy.
     */
    public static List<Transfer> transfers(Ring before, Ring after, Source source) {
        List<Transfer> out = new ArrayList<>();
        Set<NodeId> stillMembers = new java.util.HashSet<>();
        after.members().forEach(m -> stillMembers.add(m.id()));
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            List<NodeId> was = before.replicas(slot);
            List<NodeId> now = after.replicas(slot);
            if (was.isEmpty()) {
                continue;
            }
            List<NodeId> departing = new ArrayList<>();
            List<NodeId> surviving = new ArrayList<>();
            for (NodeId node : was) {
                (now.contains(node) ? surviving : departing).add(node);
            }
            int paired = 0;
            for (NodeId node : now) {
                if (was.contains(node)) {
                    continue;
                }
                NodeId from = switch (source) {
                    case DEPARTING_REPLICA -> paired < departing.size() ? departing.get(paired) : was.get(0);
                    case SURVIVING_REPLICA -> surviving.isEmpty()
                            ? firstIn(departing, stillMembers, departing.get(paired % departing.size()))
                            : surviving.get(0);
                };
                paired++;
                out.add(new Transfer(slot, from, node));
            }
        }
        return out;
    }

    private static NodeId firstIn(List<NodeId> candidates, Set<NodeId> members, NodeId otherwise) {
        for (NodeId c : candidates) {
            if (members.contains(c)) {
                return c;
            }
        }
        return otherwise;
    }
}
