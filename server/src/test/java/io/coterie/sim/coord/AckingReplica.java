package io.coterie.sim.coord;

import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.coordinator.ReplicaCodec;
import io.coterie.server.cluster.replica.VersionedStore;

import java.util.concurrent.Executor;

/**
 * {@link CoordinatorBug#REPLICA_ACKS_WITHOUT_WRITING}: serves replica READs as {@code ReplicaService} does, but acknowledges
 * every replica WRITE (replication and read repair) without merging it. The coordinator's own copy is still written.
 */
final class AckingReplica {

    private AckingReplica() {
    }

    static void register(Transport transport, VersionedStore store, Executor executor) {
        transport.register(ReplicaCodec.READ_TYPE, executor, (from, payload, responder) -> {
            try {
                responder.reply(store.versions(ReplicaCodec.decode(payload, false).key()).encode());
            } catch (Exception e) {
                responder.fail(e.getMessage());
            }
        });
        transport.register(ReplicaCodec.WRITE_TYPE, executor, (from, payload, responder) -> responder.reply(new byte[0]));
        transport.register(ReplicaCodec.WRITE_BATCH_TYPE, executor, (from, payload, responder) ->
                responder.reply(new byte[ReplicaCodec.decodeWriteBatch(payload).size()])); // all MERGED (0)
    }
}
