package io.coterie.server.cluster.runtime;

import io.coterie.ring.NodeId;
import io.coterie.ring.placement.Ring;
import io.coterie.ring.placement.Transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks who streams each slot: {@code RingDiff} names one old replica per transfer without knowing liveness, so a join
 * or a re-replication would wait forever on a source that is down. Pure.
 */
final class TransferSources {

    private TransferSources() {
    }

    /**
     * Each transfer whose source cannot stream is given the first replica of its slot in {@code before} (primary first)
     * that can and is not the receiver; a slot with no such holder keeps its source, so its move fails and says so.
     */
    static List<Transfer> fromLiveHolders(List<Transfer> transfers, Ring before, Predicate<NodeId> canStream) {
        List<Transfer> out = new ArrayList<>(transfers.size());
        for (Transfer t : transfers) {
            out.add(canStream.test(t.from()) ? t : before.replicas(t.slot()).stream()
                    .filter(n -> !n.equals(t.to()) && canStream.test(n)).findFirst()
                    .map(n -> new Transfer(t.slot(), n, t.to())).orElse(t));
        }
        return out;
    }
}
