package io.coterie.ring.placement;

import io.coterie.ring.NodeId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which nodes hold each hash slot: an immutable value computed purely from the member set, the
 * replication factor and the vnodes-per-weight setting, so every node computes the identical ring
 * (members are sorted by id; insertion order never matters). A request works on one snapshot.
 *
 * <p>For every slot the ring stores all members in preference order: the first
 * {@link #replicationFactor()} are the slot's replicas (primary first, on distinct racks where racks
 * are set), the rest are the fallbacks a sloppy quorum walks to (Dynamo §4.6). Lookups read that
 * precomputed table. How the order is chosen: see {@link ClaimSchedule} and {@link PrimaryBalancer},
 * and docs/placement-and-versions.md.
 */
public final class Ring {

    public static final int VNODES_PER_WEIGHT_DEFAULT = 256;
    public static final int VNODES_PER_WEIGHT_MAX = 4096;

    private final List<RingMember> members;
    private final NodeId[] ids;
    private final Map<NodeId, Integer> indexOf;
    private final int replicationFactor;
    private final int vnodesPerWeight;
    private final short[] order;
    private final long fingerprint;

    private Ring(List<RingMember> members, int replicationFactor, int vnodesPerWeight, short[] order, long fingerprint) {
        this.members = members;
        this.ids = members.stream().map(RingMember::id).toArray(NodeId[]::new);
        this.indexOf = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            indexOf.put(ids[i], i);
        }
        this.replicationFactor = replicationFactor;
        this.vnodesPerWeight = vnodesPerWeight;
        this.order = order;
        this.fingerprint = fingerprint;
    }

    /** The ring with the default {@value #VNODES_PER_WEIGHT_DEFAULT} vnodes per unit of weight. */
    public static Ring of(Collection<RingMember> members, int replicationFactor) {
        return of(members, replicationFactor, VNODES_PER_WEIGHT_DEFAULT);
    }

    /**
     * Builds the ring. {@code replicationFactor} is N as configured; the ring uses min(N, members).
     *
     * @throws IllegalArgumentException on duplicate ids, more than 1024 members, or bad settings
     */
    public static Ring of(Collection<RingMember> members, int replicationFactor, int vnodesPerWeight) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be >= 1, was " + replicationFactor);
        }
        if (vnodesPerWeight < 1 || vnodesPerWeight > VNODES_PER_WEIGHT_MAX) {
            throw new IllegalArgumentException("vnodes per weight must be 1.." + VNODES_PER_WEIGHT_MAX + ", was " + vnodesPerWeight);
        }
        List<RingMember> sorted = members.stream().sorted(Comparator.comparing(RingMember::id)).toList();
        if (sorted.size() > ClaimSchedule.MEMBERS_MAX) {
            throw new IllegalArgumentException("at most " + ClaimSchedule.MEMBERS_MAX + " members, got " + sorted.size());
        }
        Set<NodeId> seen = new HashSet<>();
        for (RingMember m : sorted) {
            if (!seen.add(m.id())) {
                throw new IllegalArgumentException("duplicate member " + m.id());
            }
        }
        int n = sorted.size();
        int effectiveN = Math.min(replicationFactor, n);
        ClaimSchedule[] schedules = new ClaimSchedule[n];
        long[] vnodes = new long[n];
        for (int i = 0; i < n; i++) {
            vnodes[i] = (long) sorted.get(i).weight() * vnodesPerWeight;
            schedules[i] = ClaimSchedule.of(sorted.get(i).id(), (int) vnodes[i]);
        }
        short[] order = new short[HashSlots.SLOT_COUNT * n];
        ReplicaSelector selector = new ReplicaSelector(sorted, effectiveN);
        long[] keys = new long[n];
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            for (int i = 0; i < n; i++) {
                keys[i] = schedules[i].key(slot, i);
            }
            Arrays.sort(keys);
            selector.select(keys, order, slot * n);
        }
        PrimaryBalancer.balance(order, n, effectiveN, vnodes);
        return new Ring(sorted, effectiveN, vnodesPerWeight, order, fingerprint(sorted, replicationFactor, vnodesPerWeight));
    }

    /**
     * The first {@code n} nodes of {@code slot}'s preference list (fewer if the cluster is smaller):
     * for n ≤ N the replicas, primary first; beyond N the sloppy-quorum fallbacks in order.
     */
    public List<NodeId> preferenceList(int slot, int n) {
        checkSlot(slot);
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        int count = Math.min(n, ids.length);
        NodeId[] out = new NodeId[count];
        int base = slot * ids.length;
        for (int i = 0; i < count; i++) {
            out[i] = ids[order[base + i]];
        }
        return List.of(out);
    }

    /** The slot's N replicas, primary first. */
    public List<NodeId> replicas(int slot) {
        return preferenceList(slot, replicationFactor);
    }

    /** The slot's primary: the write coordinator and the "master" CLUSTER SLOTS reports. */
    public NodeId primary(int slot) {
        checkSlot(slot);
        if (ids.length == 0) {
            throw new IllegalStateException("the ring has no members");
        }
        return ids[order[slot * ids.length]];
    }

    public boolean isReplica(NodeId node, int slot) {
        checkSlot(slot);
        Integer index = indexOf.get(node);
        if (index == null) {
            return false;
        }
        int base = slot * ids.length;
        for (int i = 0; i < replicationFactor; i++) {
            if (order[base + i] == index) {
                return true;
            }
        }
        return false;
    }

    /** The slots {@code node} holds a replica of, ascending; empty if it is not a member. */
    public int[] slotsReplicatedBy(NodeId node) {
        Integer index = indexOf.get(node);
        if (index == null) {
            return new int[0];
        }
        int[] slots = new int[HashSlots.SLOT_COUNT];
        int count = 0;
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            int base = slot * ids.length;
            for (int i = 0; i < replicationFactor; i++) {
                if (order[base + i] == index) {
                    slots[count++] = slot;
                    break;
                }
            }
        }
        return Arrays.copyOf(slots, count);
    }

    /** Members sorted by id. */
    public List<RingMember> members() {
        return members;
    }

    public Optional<RingMember> member(NodeId id) {
        Integer index = indexOf.get(id);
        return index == null ? Optional.empty() : Optional.of(members.get(index));
    }

    /** The replication factor in effect: min(configured N, number of members). */
    public int replicationFactor() {
        return replicationFactor;
    }

    public int vnodesPerWeight() {
        return vnodesPerWeight;
    }

    /**
     * A stable 64-bit digest of everything the ring is a function of (members, weights, racks, N,
     * vnodes per weight), so nodes can compare rings cheaply: different fingerprints mean different
     * rings, equal ones mean equal rings but for a 2^-64 chance of collision.
     */
    public long fingerprint() {
        return fingerprint;
    }

    /** Slots each member is primary for, in member order. */
    public Map<NodeId, Integer> primaryCounts() {
        return counts(1);
    }

    /** Slot-replicas each member holds, in member order. */
    public Map<NodeId, Integer> replicaCounts() {
        return counts(replicationFactor);
    }

    /**
     * Every vnode with its anchor slot and the number of slots it is the primary claim for, sorted by
     * anchor slot so the listing reads clockwise round the ring (CLUSTER RING). Recomputes the
     * claim sequences rather than keeping 64 KB per member alive in every ring snapshot.
     */
    public List<VirtualNode> vnodes() {
        List<VirtualNode> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            ClaimSchedule schedule = ClaimSchedule.of(ids[i], members.get(i).weight() * vnodesPerWeight);
            // A node with more vnodes than slots has idle vnodes that never claim first; list only the rest.
            int listed = Math.min(schedule.vnodes(), HashSlots.SLOT_COUNT);
            int[] primarySlots = new int[listed];
            int[] token = new int[listed];
            for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
                int position = schedule.position(slot);
                if (position < token.length) {
                    token[position] = slot;
                }
                if (order[slot * ids.length] == i) {
                    primarySlots[schedule.vnodeOf(slot)]++;
                }
            }
            for (int v = 0; v < listed; v++) {
                out.add(new VirtualNode(ids[i], v, token[v], primarySlots[v]));
            }
        }
        out.sort(Comparator.comparingInt(VirtualNode::tokenSlot).thenComparing(VirtualNode::node));
        return out;
    }

    /** Maximal runs of consecutive slots with the same replica list, in slot order. */
    public List<SlotRange> ranges() {
        List<SlotRange> out = new ArrayList<>();
        if (ids.length == 0) {
            return out;
        }
        int start = 0;
        for (int slot = 1; slot <= HashSlots.SLOT_COUNT; slot++) {
            if (slot == HashSlots.SLOT_COUNT || !sameReplicas(start, slot)) {
                out.add(new SlotRange(start, slot - 1, replicas(start)));
                start = slot;
            }
        }
        return out;
    }

    private boolean sameReplicas(int a, int b) {
        int n = ids.length;
        return Arrays.equals(order, a * n, a * n + replicationFactor, order, b * n, b * n + replicationFactor);
    }

    private Map<NodeId, Integer> counts(int depth) {
        int[] counts = new int[ids.length];
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            for (int i = 0; i < depth; i++) {
                counts[order[slot * ids.length + i]]++;
            }
        }
        Map<NodeId, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            out.put(ids[i], counts[i]);
        }
        return out;
    }

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= HashSlots.SLOT_COUNT) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
    }

    private static long fingerprint(List<RingMember> sorted, int replicationFactor, int vnodesPerWeight) {
        StringBuilder sb = new StringBuilder().append(replicationFactor).append('/').append(vnodesPerWeight);
        for (RingMember m : sorted) {
            sb.append('|').append(m.id()).append(',').append(m.weight()).append(',').append(m.rack().orElse(""));
        }
        return StableHash.of(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ring r && fingerprint == r.fingerprint && members.equals(r.members)
                && replicationFactor == r.replicationFactor && vnodesPerWeight == r.vnodesPerWeight;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "Ring[" + ids.length + " members, N=" + replicationFactor + ", fingerprint=" + Long.toHexString(fingerprint) + "]";
    }
}
