package io.coterie.server.cluster.runtime;

import io.coterie.ring.placement.Transfer;
import io.coterie.server.cluster.stream.DataMover;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link DataMover} in force until slot streaming (the {@code stream} work of issue #4) is wired in: every move
 * completes at once having moved nothing, so joins, leaves and forgets change ownership without copying data. It is
 * chosen in exactly one place, {@code CoterieServer.startCluster}, where the streaming mover replaces it.
 */
public final class NoStreamingDataMover implements DataMover {

    @Override
    public CompletableFuture<MoveReport> pull(List<Transfer> transfers) {
        return CompletableFuture.completedFuture(MoveReport.NOTHING);
    }

    @Override
    public CompletableFuture<MoveReport> push(List<Transfer> transfers) {
        return CompletableFuture.completedFuture(MoveReport.NOTHING);
    }
}
