package io.coterie.ring.repair;

import io.coterie.ring.NodeId;
import io.coterie.ring.placement.HashSlots;
import io.coterie.ring.placement.Ring;

import java.util.BitSet;
import java.util.List;

/**
 * Which slots two nodes must agree on: those both replicate (both are among the slot's first {@code replicas} in the
 * preference list), within a requested range. Both sides compute it from the same ring — the repair request carries
 * {@link #topologyFingerprint} and a responder on another ring refuses — so their Merkle trees mask the same slots.
 */
public final class SharedSlots {

    private SharedSlots() {
    }

    public static BitSet of(Ring ring, int replicas, NodeId a, NodeId b, int firstSlot, int lastSlot) {
        if (firstSlot < 0 || lastSlot >= HashSlots.SLOT_COUNT || firstSlot > lastSlot) {
            throw new IllegalArgumentException("bad slot range " + firstSlot + ".." + lastSlot);
        }
        BitSet out = new BitSet(HashSlots.SLOT_COUNT);
        for (int slot = firstSlot; slot <= lastSlot; slot++) {
            List<NodeId> holders = ring.preferenceList(slot, replicas);
            if (holders.contains(a) && holders.contains(b)) {
                out.set(slot);
            }
        }
        return out;
    }

    /** Names the placement both sides must share: the ring and the replica count in force. */
    public static long topologyFingerprint(Ring ring, int replicas) {
        return RepairHash.mix(ring.fingerprint() * 31 + replicas);
    }
}
