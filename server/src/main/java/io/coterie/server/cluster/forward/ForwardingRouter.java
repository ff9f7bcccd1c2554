package io.coterie.server.cluster.forward;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Member;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.TopologySource;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.dispatch.CommandIndex;
import io.coterie.server.dispatch.Dispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
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

    private final CommandIndex index;
    private final Dispatcher dispatcher;
    private final TopologySource topology;
    private final Transport transport;
    private final LongSupplier requestTimeoutMs;

    ForwardingRouter(CommandIndex index, Dispatcher dispatcher, TopologySource topology, Transport transport,
                     LongSupplier requestTimeoutMs) {
        this.index = index;
        this.dispatcher = dispatcher;
        this.topology = topology;
        this.transport = transport;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    @Override
    public CompletableFuture<byte[]> route(CommandContext ctx, Args args) {
        CommandSpec spec = index.find(args.bytes(0));
        // Unknown commands, wrong arity and missing AUTH are answered here, by the dispatcher, as Redis would.
        boolean routable = spec != null && (spec.firstKey() > 0 || RouteDecision.isClusterWide(spec));
        if (!routable || !spec.arityAccepts(args.count())
                || (!spec.has(CommandFlag.NO_AUTH) && dispatcher.authRequired(ctx))) {
            return null;
        }
        Topology t = topology.current();
        if (t == null) {
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

    private CompletableFuture<byte[]> forward(Topology t, NodeId node, byte[][] argv) {
        Optional<Member> member = t.view().member(node);
        if (member.isEmpty()) {
            return CompletableFuture.completedFuture(ReplyBytes.errorReply(failure(node.toString(), "not a member")));
        }
        String where = member.get().address().host() + ":" + member.get().address().clientPort();
        long timeoutMs = requestTimeoutMs.getAsLong();
        CompletableFuture<byte[]> reply;
        try {
            reply = transport.request(member.get().address().bus(), ForwardCodec.FORWARD_REQUEST_TYPE,
                    ForwardCodec.encode(t.epoch(), argv), timeoutMs);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((bytes, error) -> error == null ? bytes
                : ReplyBytes.errorReply(failure(where, reason(error, timeoutMs))));
    }

    private CompletableFuture<byte[]> fanOut(CommandContext ctx, Topology t, Route.FanOut fanOut) {
        List<CompletableFuture<byte[]>> parts = new ArrayList<>(fanOut.parts().size());
        for (Route.Part part : fanOut.parts()) {
            if (part.node().equals(t.self())) {
                ReplyBytes local = new ReplyBytes();
                dispatcher.execute(ctx, new Args(part.argv()), local);
                parts.add(CompletableFuture.completedFuture(local.toByteArray()));
            } else {
                parts.add(forward(t, part.node(), part.argv()));
            }
        }
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

    private static String reason(Throwable error, long timeoutMs) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof TimeoutException) {
            return "timed out after " + timeoutMs + " ms";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
