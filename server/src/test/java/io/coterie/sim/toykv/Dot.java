package io.coterie.sim.toykv;

/**
 * One write's unique name: the coordinating node, its boot epoch (durable, bumped at every start, so a restarted
 * node never reuses a name it handed out before a crash) and a sequence number within the boot.
 */
record Dot(int node, long epoch, long seq) implements Comparable<Dot> {

    @Override
    public int compareTo(Dot o) {
        if (node != o.node) {
            return Integer.compare(node, o.node);
        }
        return epoch != o.epoch ? Long.compare(epoch, o.epoch) : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return node + "." + epoch + "." + seq;
    }
}
