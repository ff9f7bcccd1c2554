package io.coterie.server.cluster.forward;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import java.util.concurrent.CompletableFuture;

/**
 * Decides, per client command, whether this node runs it or another node must (SPEC §2 Coordination).
 * The connection calls it on its event loop before dispatching; with no router installed the
 * connection dispatches locally without asking (the single-node hot path).
 */
@FunctionalInterface
public interface RequestRouter {

    /**
     * @return null when the command must run here, through the dispatcher as usual (no allocation on
     *         that path); otherwise a future of the command's complete RESP reply, which always
     *         completes normally (failures are encoded as error replies) and may complete on any thread
     */
    CompletableFuture<byte[]> route(CommandContext ctx, Args args);
}
