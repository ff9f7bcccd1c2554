package io.coterie.server.cluster.forward;

import io.coterie.ring.NodeId;
import io.coterie.ring.quorum.ClPrefix;
import io.coterie.ring.quorum.Consistency;
import io.coterie.ring.quorum.ConsistencyLevel;
import io.coterie.ring.quorum.Parsed;
import io.coterie.server.cluster.coordinator.Coordinator;
import io.coterie.server.cluster.coordinator.KeyPlacement;
import io.coterie.server.cluster.repair.Repairer;
import io.coterie.server.cluster.NodeRequests;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.BusException;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.cluster.ClusterRepair;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.dispatch.CommandIndex;
import io.coterie.server.dispatch.Dispatcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side: routes each keyed (or keyspace-wide) command on the current topology snapshot, forwards
 * it over the bus or fans it out, and turns every failure into an error reply, so the connection always gets
 * exactly one reply and never waits longer than {@code request-timeout-ms}. Runs on the connection's event
 * loop; holds no mutable state of its own.
 */
final class ForwardingRouter implements RequestRouter {

    private static final Logger log = LoggerFactory.getLogger(ForwardingRouter.class);
    private static final byte[] CL = "CL".getBytes(StandardCharsets.US_ASCII);
    private static final long FORWARD_MARGIN_MS = 1_000;

    private final CommandIndex index;
    private final Dispatcher dispatcher;
    private final TopologySource topology;
    private final Transport transport;
    private final LongSupplier requestTimeoutMs;
    /** Null until quorum coordination is enabled: then keyed commands with replicas go through it. */
    private final Coordinator coordinator;
    private final Supplier<Optional<Repairer>> repairer;

    ForwardingRouter(CommandIndex index, Dispatcher dispatcher, TopologySource topology, Transport transport,
                     LongSupplier requestTimeoutMs, Coordinator coordinator, Supplier<Optional<Repairer>> repairer) {
        this.index = index;
        this.dispatcher = dispatcher;
        this.topology = topology;
        this.transport = transport;
        this.requestTimeoutMs = requestTimeoutMs;
        this.coordinator = coordinator;
        this.repairer = repairer;
    }

    @Override
    public CompletableFuture<byte[]> route(CommandContext ctx, Args args) {
        Topology t = topology.current();
        if (t == null) {
            return null;
        }
        if (args.count() >= 2 && args.is(0, "CLUSTER") && args.is(1, "REPAIR") && !dispatcher.authRequired(ctx)
                && repairer.get().isPresent()) {
            return repairAsync(args);
        }
        boolean cl = args.is(0, "CL");
        if (!topology.knowsCluster() && (cl || isKeyed(args)) && !dispatcher.authRequired(ctx)) {
            return CompletableFuture.completedFuture(ReplyBytes.errorReply(TopologySource.NOT_SETTLED));
        }
        if (!cl && !replicated(ctx, t)) {
            return routeSingleCopy(ctx, args, t);
        }
        Args command = args;
        ConsistencyLevel explicit = null;
        if (cl) {
            if (dispatcher.authRequired(ctx)) {
                return null; // the dispatcher answers NOAUTH
            }
            Parsed<ClPrefix> prefix = ClPrefix.parse(args.from(1));
            if (prefix instanceof Parsed.Err<ClPrefix> err) {
                return CompletableFuture.completedFuture(ReplyBytes.errorReply(err.error()));
            }
            ClPrefix p = prefix.orThrow();
            command = new Args(p.command().toArray(new byte[0][]));
            CommandSpec inner = index.find(command.bytes(0));
            if (inner == null || !inner.arityAccepts(command.count())) {
                return CompletableFuture.completedFuture(dispatchHere(ctx, command));
            }
            Parsed<ConsistencyLevel> level = p.levelFor(inner.has(CommandFlag.WRITE));
            if (level instanceof Parsed.Err<ConsistencyLevel> err) {
                return CompletableFuture.completedFuture(ReplyBytes.errorReply(err.error()));
            }
            explicit = level.orThrow();
        }
        CommandSpec spec = index.find(command.bytes(0));
        boolean keyed = spec != null && spec.firstKey() > 0;
        if (!keyed || !spec.arityAccepts(command.count()) || dispatcher.authRequired(ctx)) {
            if (!cl) {
                // Keyless and cluster-wide commands keep their single-copy routing; errors come from the dispatcher.
                return routeSingleCopy(ctx, command, t);
            }
            return CompletableFuture.completedFuture(dispatchHere(ctx, command));
        }
        ConsistencyLevel level = explicit != null ? explicit
                : coordinator.settings().levelsFor(ctx.session()).levelFor(spec.has(CommandFlag.WRITE));
        return inOrder(ctx, coordinated(ctx, t, spec, command, level));
    }

    private boolean isKeyed(Args args) {
        CommandSpec spec = index.find(args.bytes(0));
        return spec != null && spec.firstKey() > 0;
    }

    /** CLUSTER REPAIR can run for minutes: the reply comes when it ends, and the event loop stays free meanwhile. */
    private CompletableFuture<byte[]> repairAsync(Args args) {
        try {
            return ClusterRepair.start(repairer.get().orElseThrow(), args).handle((text, error) -> {
                ReplyBytes out = new ReplyBytes();
                if (error == null) {
                    out.bulk(text.getBytes(StandardCharsets.UTF_8));
                } else {
                    out.error("ERR repair failed: " + unwrap(error).getMessage());
                }
                return out.toByteArray();
            });
        } catch (CommandError e) {
            return CompletableFuture.completedFuture(ReplyBytes.errorReply(e.getMessage()));
        }
    }

    /** Whether this command needs the coordinator: more than one copy, or levels a single copy cannot meet. */
    private boolean replicated(CommandContext ctx, Topology t) {
        if (coordinator == null) {
            return false;
        }
        if (t.replicas() > 1) {
            return true;
        }
        Consistency levels = coordinator.settings().levelsFor(ctx.session());
        return levels.read().required(1) > 1 || levels.write().required(1) > 1;
    }

    /**
     * Commands of one connection take effect in the order they were sent, as on Redis: a routed command
     * starts only after the connection's previous routed command answered.
     */
    private CompletableFuture<byte[]> inOrder(CommandContext ctx, Supplier<CompletableFuture<byte[]>> work) {
        CompletableFuture<byte[]> previous = ctx.session().routedTail();
        CompletableFuture<byte[]> reply = previous == null || previous.isDone()
                ? work.get()
                : previous.handle((r, e) -> null).thenCompose(ignored -> work.get());
        ctx.session().routedTail(reply);
        return reply;
    }

    /** A keyed command with replicas: coordinate here, or forward to the node that coordinates it. */
    private Supplier<CompletableFuture<byte[]>> coordinated(CommandContext ctx, Topology t, CommandSpec spec, Args args,
                                                             ConsistencyLevel level) {
        List<byte[]> keys = RouteDecision.keys(spec, args);
        if (keys.isEmpty()) {
            return () -> CompletableFuture.completedFuture(dispatchHere(ctx, args));
        }
        boolean write = spec.has(CommandFlag.WRITE);
        // Any live home replica coordinates a read of its keys; writes go to one coordinator per key.
        if (!write && keys.stream().allMatch(k -> KeyPlacement.of(t, k).isHomeReplica(t.self()))) {
            return () -> coordinator.execute(ctx, args, spec, level, t, keys);
        }
        Route route = RouteDecision.decide(t, spec, args);
        if (route instanceof Route.Local) {
            return () -> coordinator.execute(ctx, args, spec, level, t, keys);
        } else if (route instanceof Route.Forward f) {
            byte[][] argv = withLevel(level, argv(args));
            return () -> forwardOrCoordinate(ctx, t, f.node(), argv,
                    () -> coordinator.execute(ctx, args, spec, level, t, keys));
        } else if (route instanceof Route.FanOut fanOut) {
            return () -> fanOutCoordinated(ctx, t, spec, level, fanOut);
        } else if (route instanceof Route.Refuse refuse) {
            return () -> CompletableFuture.completedFuture(ReplyBytes.errorReply(refuse.error()));
        }
        throw new IllegalStateException("unhandled route " + route);
    }

    /** One copy per key (N = 1): the key's only holder runs the command; this node runs it synchronously. */
    private CompletableFuture<byte[]> routeSingleCopy(CommandContext ctx, Args args, Topology t) {
        CommandSpec spec = index.find(args.bytes(0));
        // Unknown commands, wrong arity and missing AUTH are answered here, by the dispatcher, as Redis would.
        boolean routable = spec != null && (spec.firstKey() > 0 || RouteDecision.isClusterWide(spec));
        if (!routable || !spec.arityAccepts(args.count())
                || (!spec.has(CommandFlag.NO_AUTH) && dispatcher.authRequired(ctx))) {
            return null;
        }
        Route route = RouteDecision.decide(t, spec, args);
        if (route instanceof Route.Local) {
            return null;
        } else if (route instanceof Route.Forward f) {
            return forward(t, f.node(), argv(args));
        } else if (route instanceof Route.FanOut fanOut) {
            return fanOut(ctx, t, fanOut);
        } else if (route instanceof Route.Refuse refuse) {
            return CompletableFuture.completedFuture(ReplyBytes.errorReply(refuse.error()));
        }
        throw new IllegalStateException("unhandled route " + route);
    }

    private CompletableFuture<byte[]> fanOutCoordinated(CommandContext ctx, Topology t, CommandSpec spec,
                                                        ConsistencyLevel level, Route.FanOut fanOut) {
        List<CompletableFuture<byte[]>> parts = new ArrayList<>(fanOut.parts().size());
        for (Route.Part part : fanOut.parts()) {
            Args partArgs = new Args(part.argv());
            Supplier<CompletableFuture<byte[]>> here =
                    () -> coordinator.execute(ctx, partArgs, spec, level, t, RouteDecision.keys(spec, partArgs));
            parts.add(part.node().equals(t.self())
                    ? here.get()
                    : forwardOrCoordinate(ctx, t, part.node(), withLevel(level, part.argv()), here));
        }
        return merged(fanOut, parts);
    }

    private byte[] dispatchHere(CommandContext ctx, Args args) {
        ReplyBytes out = new ReplyBytes();
        dispatcher.execute(ctx, args, out);
        ctx.store().awaitDurable();
        return out.toByteArray();
    }

    /** {@code CL <level> argv…}: a forwarded command runs at the level its client asked for. */
    private static byte[][] withLevel(ConsistencyLevel level, byte[][] argv) {
        byte[][] wrapped = new byte[argv.length + 2][];
        wrapped[0] = CL;
        wrapped[1] = level.text().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(argv, 0, wrapped, 2, argv.length);
        return wrapped;
    }

    private CompletableFuture<byte[]> forward(Topology t, NodeId node, byte[][] argv) {
        long timeoutMs = requestTimeoutMs.getAsLong();
        return send(t, node, argv, timeoutMs).handle((bytes, error) -> error == null ? bytes
                : ReplyBytes.errorReply(failure(where(t, node), reason(error, timeoutMs))));
    }

    /**
     * Forwards to the key's coordinator; if the request surely never reached it (the peer is unreachable and the
     * failure detector has not said so yet), this node coordinates instead: any node may, and the client should
     * not see a failure that a live quorum can avoid.
     */
    private CompletableFuture<byte[]> forwardOrCoordinate(CommandContext ctx, Topology t, NodeId node, byte[][] argv,
                                                          Supplier<CompletableFuture<byte[]>> here) {
        // The coordinator there runs its own request-timeout-ms (a read before a write can take two): wait past
        // that, so the client gets its NOQUORUM answer rather than a forward timeout.
        long timeoutMs = 2 * requestTimeoutMs.getAsLong() + FORWARD_MARGIN_MS;
        return send(t, node, argv, timeoutMs).exceptionallyCompose(error -> unwrap(error) instanceof BusException b
                && b.notSent()
                ? here.get()
                : CompletableFuture.completedFuture(ReplyBytes.errorReply(failure(where(t, node), reason(error, timeoutMs)))));
    }

    private CompletableFuture<byte[]> send(Topology t, NodeId node, byte[][] argv, long timeoutMs) {
        return NodeRequests.request(transport, t, node, ForwardCodec.FORWARD_REQUEST_TYPE,
                ForwardCodec.encode(t.epoch(), argv), timeoutMs);
    }

    private static String where(Topology t, NodeId node) {
        return t.view().member(node).map(m -> m.address().host() + ":" + m.address().clientPort())
                .orElse(node.toString());
    }

    private CompletableFuture<byte[]> fanOut(CommandContext ctx, Topology t, Route.FanOut fanOut) {
        List<CompletableFuture<byte[]>> parts = new ArrayList<>(fanOut.parts().size());
        for (Route.Part part : fanOut.parts()) {
            if (part.node().equals(t.self())) {
                Args partArgs = new Args(part.argv());
                CommandSpec spec = index.find(partArgs.bytes(0));
                if (spec != null && PrimaryScope.applies(t, spec)) {
                    parts.add(CompletableFuture.completedFuture(
                            PrimaryScope.run(t, ctx.store(), partArgs, ctx.nowMillis())));
                    continue;
                }
                ReplyBytes local = new ReplyBytes();
                dispatcher.execute(ctx, partArgs, local);
                parts.add(CompletableFuture.completedFuture(local.toByteArray()));
            } else {
                parts.add(forward(t, part.node(), part.argv()));
            }
        }
        return merged(fanOut, parts);
    }

    private static CompletableFuture<byte[]> merged(Route.FanOut fanOut, List<CompletableFuture<byte[]>> parts) {
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<byte[]> replies = new ArrayList<>(parts.size());
            for (CompletableFuture<byte[]> p : parts) {
                replies.add(p.join());
            }
            try {
                return FanOutMerge.merge(fanOut, replies);
            } catch (IllegalArgumentException e) {
                log.error("could not merge the sub-replies of a fan-out: {}", e.getMessage());
                return ReplyBytes.errorReply(Dispatcher.INTERNAL_ERROR);
            }
        });
    }

    private static byte[][] argv(Args args) {
        byte[][] argv = new byte[args.count()][];
        for (int i = 0; i < argv.length; i++) {
            argv[i] = args.bytes(i);
        }
        return argv;
    }

    static String failure(String where, String reason) {
        return "ERR forward to " + where + " failed: " + reason;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String reason(Throwable error, long timeoutMs) {
        Throwable e = unwrap(error);
        if (e instanceof TimeoutException) {
            return "timed out after " + timeoutMs + " ms";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
