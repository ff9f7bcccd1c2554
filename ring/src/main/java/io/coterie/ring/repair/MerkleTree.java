package io.coterie.ring.repair;

import io.coterie.ring.placement.HashSlots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A Merkle tree over the 16 384 hash slots, built from their {@link SlotDigest}s (Dynamo §4.7; Cassandra's
 * MerkleTree, but over slots, so a leaf is one slot and a tree costs 16 384 digest reads, never a key scan).
 *
 * <p>Shape: {@link #LEVELS} levels of 1, 16, 256, 4 096 and 16 384 nodes; node {@code i} of level {@code L}
 * has children {@code i·f … i·f + f − 1} on level {@code L+1} ({@code f} = 16, and 4 above the leaves). A node's
 * hash folds its children's in order; a node whose children are all 0 — no keys, or outside the mask — is 0.
 *
 * <p>The mask restricts the tree to the slots two replicas share (and to a requested range): slots outside it count
 * as empty on both sides, so the roots agree when every shared slot does. Immutable.
 */
public final class MerkleTree {

    public static final int LEVELS = 5;
    private static final int[] LEVEL_SIZES = {1, 16, 256, 4096, HashSlots.SLOT_COUNT};
    public static final int LEAF_LEVEL = LEVELS - 1;

    private final long[][] hashes;

    private MerkleTree(long[][] hashes) {
        this.hashes = hashes;
    }

    /** @param digests one per slot, indexed by slot; {@code mask} = the slots to include */
    public static MerkleTree build(SlotDigest[] digests, BitSet mask) {
        if (digests.length != HashSlots.SLOT_COUNT) {
            throw new IllegalArgumentException("need " + HashSlots.SLOT_COUNT + " slot digests, got " + digests.length);
        }
        long[][] hashes = new long[LEVELS][];
        long[] leaves = new long[HashSlots.SLOT_COUNT];
        for (int slot = mask.nextSetBit(0); slot >= 0 && slot < leaves.length; slot = mask.nextSetBit(slot + 1)) {
            leaves[slot] = digests[slot].leafHash();
        }
        hashes[LEAF_LEVEL] = leaves;
        for (int level = LEAF_LEVEL - 1; level >= 0; level--) {
            long[] below = hashes[level + 1];
            long[] here = new long[LEVEL_SIZES[level]];
            int fanout = fanout(level);
            for (int i = 0; i < here.length; i++) {
                long h = RepairHash.seed(level);
                boolean any = false;
                for (int c = i * fanout; c < (i + 1) * fanout; c++) {
                    any |= below[c] != 0;
                    h = RepairHash.combine(h, below[c]);
                }
                here[i] = any ? h : 0;
            }
            hashes[level] = here;
        }
        return new MerkleTree(hashes);
    }

    /** Children per node of {@code level} (not the leaf level). */
    public static int fanout(int level) {
        checkLevel(level);
        if (level == LEAF_LEVEL) {
            throw new IllegalArgumentException("leaves have no children");
        }
        return LEVEL_SIZES[level + 1] / LEVEL_SIZES[level];
    }

    public static int size(int level) {
        checkLevel(level);
        return LEVEL_SIZES[level];
    }

    /** The children of {@code nodes} (indices on {@code level}), in order, as indices on {@code level + 1}. */
    public static int[] children(int level, int[] nodes) {
        int fanout = fanout(level);
        int[] out = new int[nodes.length * fanout];
        for (int n = 0; n < nodes.length; n++) {
            for (int c = 0; c < fanout; c++) {
                out[n * fanout + c] = nodes[n] * fanout + c;
            }
        }
        return out;
    }

    public long root() {
        return hashes[0][0];
    }

    public long hash(int level, int index) {
        checkLevel(level);
        Objects.checkIndex(index, LEVEL_SIZES[level]);
        return hashes[level][index];
    }

    /** Our hashes of {@code nodes} on {@code level}: what a peer asked for. */
    public long[] hashes(int level, int[] nodes) {
        long[] out = new long[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            out[i] = hash(level, nodes[i]);
        }
        return out;
    }

    /**
     * One step of the descent: of {@code nodes} on {@code level}, those whose hash differs from {@code theirs}
     * (the peer's hashes of the same nodes, in the same order).
     */
    public int[] differing(int level, int[] nodes, long[] theirs) {
        if (nodes.length != theirs.length) {
            throw new IllegalArgumentException(nodes.length + " nodes but " + theirs.length + " hashes");
        }
        int[] out = new int[nodes.length];
        int n = 0;
        for (int i = 0; i < nodes.length; i++) {
            if (hash(level, nodes[i]) != theirs[i]) {
                out[n++] = nodes[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The slots where this tree and {@code other} differ, found by the same descent two replicas run over the wire:
     * the root, then only the children of differing nodes. For tests and for a local comparison.
     */
    public List<Integer> differingSlots(MerkleTree other) {
        int[] nodes = {0};
        for (int level = 0; ; level++) {
            nodes = differing(level, nodes, other.hashes(level, nodes));
            if (level == LEAF_LEVEL || nodes.length == 0) {
                List<Integer> slots = new ArrayList<>(nodes.length);
                for (int slot : nodes) {
                    slots.add(slot);
                }
                return level == LEAF_LEVEL ? slots : List.of();
            }
            nodes = children(level, nodes);
        }
    }

    private static void checkLevel(int level) {
        if (level < 0 || level >= LEVELS) {
            throw new IllegalArgumentException("tree level must be in [0, " + (LEVELS - 1) + "], was " + level);
        }
    }
}
