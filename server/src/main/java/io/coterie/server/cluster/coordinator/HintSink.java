package io.coterie.server.cluster.coordinator;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;

import java.util.concurrent.CompletableFuture;

/** What the coordinator needs from hinted handoff (SPEC §2 Failures; docs/coordinator.md §3 and §6). */
public interface HintSink {

    /** Keeps {@code versions} of {@code key} durably for {@code home}; true once stored, false if refused. */
    CompletableFuture<Boolean> store(NodeId home, byte[] key, SiblingSet versions);

    /**
     * Sloppy quorum: sends the write to {@code fallback}, which keeps it as a hint for {@code home};
     * completes normally once the fallback stored it, exceptionally if it refused, failed or timed out.
     */
    CompletableFuture<Void> sendHintedWrite(NodeId fallback, NodeId home, byte[] key, SiblingSet versions, long timeoutMs);

    /** A node without hinted handoff: nothing is stored, no fallback is written. */
    HintSink NONE = new HintSink() {
        @Override
        public CompletableFuture<Boolean> store(NodeId home, byte[] key, SiblingSet versions) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletableFuture<Void> sendHintedWrite(NodeId fallback, NodeId home, byte[] key, SiblingSet versions,
                                                       long timeoutMs) {
            return CompletableFuture.failedFuture(new IllegalStateException("hinted handoff is not running"));
        }
    };
}
