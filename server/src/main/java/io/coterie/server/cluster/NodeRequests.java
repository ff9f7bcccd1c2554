package io.coterie.server.cluster;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Member;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.Transport;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Bus requests addressed by node id, resolved against one topology snapshot. */
public final class NodeRequests {

    private NodeRequests() {
    }

    /**
     * {@link Transport#request} to {@code node}'s bus address in {@code topology}; fails with a
     * not-sent {@link BusException} if it is not a member, and never throws.
     */
    public static CompletableFuture<byte[]> request(Transport transport, Topology topology, NodeId node, int type,
                                                    byte[] payload, long timeoutMs) {
        Optional<Member> member = topology.view().member(node);
        if (member.isEmpty()) {
            return CompletableFuture.failedFuture(BusException.notSent("not a member: " + node));
        }
        try {
            return transport.request(member.get().address().bus(), type, payload, timeoutMs);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
