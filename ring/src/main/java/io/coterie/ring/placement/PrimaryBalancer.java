package io.coterie.ring.placement;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Chooses which replica of each slot is its primary (the write coordinator, CLUSTER SLOTS' "master")
 * so primaries are spread in proportion to vnodes, to within one slot where the replica sets allow.
 *
 * <p>Replica <em>sets</em> must come from a membership-independent ranking to keep movement minimal
 * (see {@link ClaimSchedule}), and that leaves per-node primary counts with a few percent of random
 * spread. Which member of a set is primary, though, moves no data, so it may depend on the whole
 * membership: starting from each set's first-ranked node, we repeatedly move one primary off a node
 * above its quota along a shortest augmenting path (a → b → … → t, each hop re-pointing one slot
 * whose set contains both ends) to a node below quota. Deterministic: everything runs in member and
 * slot order.
 */
final class PrimaryBalancer {

    private final int nodes;
    private final int replicas;
    private final short[] order;
    private final int[] primary;
    private final int[] primaryCount;
    private final int[] quota;
    /** For each ordered pair (a, b): slots whose set holds both and whose primary was a when added. */
    private final IntQueue[] pairSlots;

    private PrimaryBalancer(short[] order, int nodes, int replicas, long[] vnodes) {
        this.nodes = nodes;
        this.replicas = replicas;
        this.order = order;
        this.primary = new int[HashSlots.SLOT_COUNT];
        this.primaryCount = new int[nodes];
        this.quota = new int[nodes];
        this.pairSlots = new IntQueue[nodes * nodes];
        long vnodesTotal = Arrays.stream(vnodes).sum();
        for (int i = 0; i < nodes; i++) {
            quota[i] = (int) ((HashSlots.SLOT_COUNT * vnodes[i] + vnodesTotal - 1) / vnodesTotal);
        }
        for (int i = 0; i < pairSlots.length; i++) {
            pairSlots[i] = new IntQueue();
        }
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            primary[slot] = order[slot * nodes];
            primaryCount[primary[slot]]++;
            indexPrimary(slot, primary[slot]);
        }
    }

    /**
     * Rewrites, in place, the first {@code replicas} entries of each slot's row in {@code order}
     * (member indices, {@code nodes} per slot) so that row[0] is the balanced primary.
     */
    static void balance(short[] order, int nodes, int replicas, long[] vnodes) {
        if (replicas < 2 || nodes < 2) {
            return;
        }
        new PrimaryBalancer(order, nodes, replicas, vnodes).run();
    }

    /**
     * One pass suffices: a path only ends at a node below its quota, so a node brought down to its
     * quota is never pushed above it again.
     */
    private void run() {
        for (int a = 0; a < nodes; a++) {
            boolean pathFound = true;
            while (pathFound && primaryCount[a] > quota[a]) {
                pathFound = shiftOneFrom(a);
            }
        }
        writeBack();
    }

    /** Moves each slot's chosen primary to the front of its row; the other replicas keep their rank order. */
    private void writeBack() {
        for (int slot = 0; slot < HashSlots.SLOT_COUNT; slot++) {
            int base = slot * nodes;
            int i = 0;
            while (order[base + i] != primary[slot]) {
                i++;
            }
            for (; i > 0; i--) {
                order[base + i] = order[base + i - 1];
            }
            order[base] = (short) primary[slot];
        }
    }

    /** Breadth-first search for a path from {@code a} to a node with room; shifts one primary along it. */
    private boolean shiftOneFrom(int a) {
        int[] parent = new int[nodes];
        int[] viaSlot = new int[nodes];
        Arrays.fill(parent, -1);
        parent[a] = a;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(a);
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int v = 0; v < nodes; v++) {
                if (parent[v] != -1) {
                    continue;
                }
                int slot = liveSlot(u, v);
                if (slot < 0) {
                    continue;
                }
                parent[v] = u;
                viaSlot[v] = slot;
                if (primaryCount[v] < quota[v]) {
                    augment(a, v, parent, viaSlot);
                    return true;
                }
                queue.add(v);
            }
        }
        return false;
    }

    private void augment(int source, int target, int[] parent, int[] viaSlot) {
        for (int v = target; v != source; v = parent[v]) {
            setPrimary(viaSlot[v], v);
        }
        primaryCount[source]--;
        primaryCount[target]++;
    }

    /** A slot whose current primary is u and whose set contains v, or -1; drops stale entries as it goes. */
    private int liveSlot(int u, int v) {
        IntQueue q = pairSlots[u * nodes + v];
        while (!q.isEmpty()) {
            int slot = q.peek();
            if (primaryOf(slot) == u) {
                return slot;
            }
            q.poll();
        }
        return -1;
    }

    private void setPrimary(int slot, int node) {
        primary[slot] = node;
        indexPrimary(slot, node);
    }

    private int primaryOf(int slot) {
        return primary[slot];
    }

    /** Records that {@code owner} is primary of {@code slot}, under every other replica of the slot. */
    private void indexPrimary(int slot, int owner) {
        int base = slot * nodes;
        for (int i = 0; i < replicas; i++) {
            int other = order[base + i];
            if (other != owner) {
                pairSlots[owner * nodes + other].add(slot);
            }
        }
    }

    /** A growable FIFO of ints; stale entries are skipped by the reader. */
    private static final class IntQueue {
        private int[] items = new int[8];
        private int head;
        private int tail;

        void add(int x) {
            if (tail == items.length) {
                items = Arrays.copyOf(items, items.length * 2);
            }
            items[tail++] = x;
        }

        boolean isEmpty() {
            return head == tail;
        }

        int peek() {
            return items[head];
        }

        void poll() {
            head++;
        }
    }
}
