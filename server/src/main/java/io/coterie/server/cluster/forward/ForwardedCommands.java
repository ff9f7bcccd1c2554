package io.coterie.server.cluster.forward;

import io.coterie.ring.membership.BusAddress;
import io.coterie.server.RuntimeCommandContext;
import io.coterie.server.ServerRuntime;
import io.coterie.server.cluster.bus.BusHandler;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.Session;
import io.coterie.server.dispatch.CommandIndex;
import io.coterie.server.dispatch.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side: runs a forwarded command through the same command table, straight through the
 * dispatcher (never through a router, so a forwarded command is never forwarded again), waits until its
 * writes are durable as a local client's would be, and answers with the raw RESP reply.
 *
 * <p>It runs even when this node's topology says another node owns the key (the sender's view was newer
 * or older): with one replica there is one copy per key and the command still runs atomically on the
 * store it reached; the window is a slot moving, which slot streaming closes by writing to both owners.
 * Quorum replication (#5) replaces this with coordinator checks.
 */
final class ForwardedCommands implements BusHandler {

    private static final Logger log = LoggerFactory.getLogger(ForwardedCommands.class);

    private final CommandIndex index;
    private final Dispatcher dispatcher;
    /** Forwarded commands come from authenticated peers, which checked their client's AUTH already. */
    private final CommandContext context;

    ForwardedCommands(ServerRuntime runtime, CommandIndex index, Dispatcher dispatcher) {
        this.index = index;
        this.dispatcher = dispatcher;
        this.context = new RuntimeCommandContext(runtime,
                new Session(runtime.clients().nextId(), "bus", "bus", runtime.clock().millis(), true));
    }

    @Override
    public void handle(BusAddress from, byte[] payload, BusResponder responder) {
        ForwardCodec.Request request;
        try {
            request = ForwardCodec.decode(payload);
        } catch (MalformedMessageException e) {
            log.warn("malformed forwarded command from {}: {}", from, e.getMessage());
            responder.fail("malformed forward request: " + e.getMessage());
            return;
        }
        Args args = new Args(request.argv());
        CommandSpec spec = index.find(args.bytes(0));
        ReplyBytes reply = new ReplyBytes();
        if (spec != null && spec.firstKey() <= 0 && !RouteDecision.isClusterWide(spec)) {
            // Keyless commands (connection state, server admin) always run where the client is connected.
            reply.error("ERR command '" + spec.name() + "' has no keys and is never forwarded");
        } else {
            dispatcher.execute(context, args, reply);
            context.store().awaitDurable();
        }
        responder.reply(reply.toByteArray());
    }
}
