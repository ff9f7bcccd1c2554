package io.coterie.server.cluster.hints;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;
import java.util.concurrent.CompletableFuture;

/**
 * How a hint reaches its target at handoff: the replica write the coordinator sends to a home replica
 * (the target merges it with {@code Versions.receive}, so delivering a hint twice changes nothing).
 */
@FunctionalInterface
public interface HintDelivery {

    /** Completes when {@code target} has merged {@code versions} for {@code key}; exceptionally if it did not. */
    CompletableFuture<Void> deliver(NodeId target, byte[] key, SiblingSet versions);
}
