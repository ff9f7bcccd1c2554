package io.coterie.ring.membership;

import io.coterie.ring.NodeId;

import java.util.SplittableRandom;

/** Small builders shared by the membership unit tests. */
final class Fixtures {

    private static final SplittableRandom IDS = new SplittableRandom(12345);

    private Fixtures() {
    }

    static NodeId id(int n) {
        return new NodeId(String.format("%040x", n));
    }

    static NodeId randomId() {
        synchronized (IDS) {
            return NodeId.random(IDS);
        }
    }

    static Address address(int n) {
        return new Address("10.1.0." + n, 6379, 16379);
    }

    static LocalNode local(int n, NodeStatus status) {
        return new LocalNode(id(n), address(n), PlacementInputs.defaults(), status);
    }

    static EndpointState state(int n, long generation) {
        return EndpointState.initial(id(n), generation, address(n), NodeStatus.UP, PlacementInputs.defaults());
    }
}
