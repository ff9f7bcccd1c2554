package io.coterie.server.cluster.forward;

import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.quorum.ClPrefix;
import io.coterie.ring.quorum.ConsistencyLevel;
import io.coterie.ring.quorum.Parsed;
import io.coterie.server.RuntimeCommandContext;
import io.coterie.server.ServerRuntime;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.BusHandler;
import io.coterie.server.cluster.bus.BusResponder;
import io.coterie.server.cluster.coordinator.Coordinator;
import io.coterie.server.cluster.gossip.MalformedMessageException;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.Session;
import io.coterie.server.dispatch.CommandIndex;
import io.coterie.server.dispatch.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;

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

    private final TopologySource topology;
    /** Null without quorum coordination; then every forwarded command runs straight through the dispatcher. */
    private final Coordinator coordinator;

    ForwardedCommands(ServerRuntime runtime, CommandIndex index, Dispatcher dispatcher, TopologySource topology,
                      Coordinator coordinator) {
        this.index = index;
        this.dispatcher = dispatcher;
        this.topology = topology;
        this.coordinator = coordinator;
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
        CommandSpec forwarded = index.find(args.bytes(0));
        if (!topology.knowsCluster() && (args.is(0, "CL") || (forwarded != null && forwarded.firstKey() > 0))) {
            // A peer chose this node, but it has no view of the cluster yet to coordinate with.
            responder.reply(ReplyBytes.errorReply(TopologySource.NOT_SETTLED));
            return;
        }
        if (coordinator != null && args.is(0, "CL") && coordinate(args, responder)) {
            return;
        }
        CommandSpec spec = forwarded;
        ReplyBytes reply = new ReplyBytes();
        if (spec != null && spec.firstKey() <= 0 && !RouteDecision.isClusterWide(spec)) {
            // Keyless commands (connection state, server admin) always run where the client is connected.
            reply.error("ERR command '" + spec.name() + "' has no keys and is never forwarded");
        } else if (spec != null && topology.current() != null && PrimaryScope.applies(topology.current(), spec)) {
            responder.reply(PrimaryScope.run(topology.current(), context.store(), args, context.nowMillis()));
            return;
        } else {
            dispatcher.execute(context, args, reply);
            context.store().awaitDurable();
        }
        responder.reply(reply.toByteArray());
    }

    /**
     * {@code CL <level> <keyed command>} from a peer that decided this node coordinates the keys: runs it
     * here at that level, even if this node's view would pick another coordinator (views converge; running it
     * beats bouncing it). False when it is not such a command (the dispatcher then answers it).
     */
    private boolean coordinate(Args args, BusResponder responder) {
        Topology t = topology.current();
        if (t == null || !(ClPrefix.parse(args.from(1)) instanceof Parsed.Ok<ClPrefix> ok)) {
            return false;
        }
        Args command = new Args(ok.value().command().toArray(new byte[0][]));
        CommandSpec spec = index.find(command.bytes(0));
        if (spec == null || spec.firstKey() <= 0 || !spec.arityAccepts(command.count())
                || !(ok.value().levelFor(spec.has(CommandFlag.WRITE)) instanceof Parsed.Ok<ConsistencyLevel> level)) {
            return false;
        }
        List<byte[]> keys = RouteDecision.keys(spec, command);
        if (keys.isEmpty()) {
            return false;
        }
        coordinator.execute(context, command, spec, level.value(), t, keys)
                .whenComplete((reply, error) -> responder.reply(reply != null ? reply
                        : ReplyBytes.errorReply(Dispatcher.INTERNAL_ERROR)));
        return true;
    }
}
