package io.coterie.server.cluster.hints;

import io.coterie.ring.NodeId;
import io.coterie.ring.version.SiblingSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records every delivery handoff starts; the test decides when and how each one ends. */
final class FakeDelivery implements HintDelivery {

    record Sent(NodeId target, byte[] key, SiblingSet versions, CompletableFuture<Void> result) {
        String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }
    }

    final List<Sent> sent = new ArrayList<>();

    @Override
    public CompletableFuture<Void> deliver(NodeId target, byte[] key, SiblingSet versions) {
        Sent s = new Sent(target, key, versions, new CompletableFuture<>());
        sent.add(s);
        return s.result();
    }

    /** Completes every delivery not yet completed: successfully, or failed. */
    void finishAll(boolean ok) {
        for (Sent s : List.copyOf(sent)) {
            if (!s.result().isDone()) {
                if (ok) {
                    s.result().complete(null);
                } else {
                    s.result().completeExceptionally(new IllegalStateException("target refused"));
                }
            }
        }
    }

    long unfinished() {
        return sent.stream().filter(s -> !s.result().isDone()).count();
    }
}
