package io.coterie.server.command.cluster;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.placement.HashSlots;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.hints.HintedHandoff;
import io.coterie.server.cluster.runtime.ClusterRuntime;
import io.coterie.server.cluster.runtime.ClusterSettings;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.RespWriter;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * CLUSTER and its subcommands, READONLY and READWRITE. Everything reads one {@link Topology} snapshot; operator
 * actions (MEET, FORGET, LEAVE) are handed to the cluster runtime's gossip thread and answered at once, as Redis
 * answers MEET before the handshake completes. No handler blocks its event loop.
 */
public final class ClusterCommands {

    /** Redis's reply when cluster support is off; here: a runtime built without the cluster (unit tests). */
    static final String DISABLED = "ERR This instance has cluster support disabled";
    /** GETKEYSINSLOT returns at most this many keys, whatever the count asked: the reply is built on an event loop. */
    static final int KEYS_IN_SLOT_MAX = 100_000;

    private static final List<String> HELP = List.of(
            "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "INFO", "    Return information about the cluster.",
            "MYID", "    Return the node id.",
            "NODES", "    Return cluster configuration seen by node. Output format:",
            "    <id> <ip:port@bus-port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
            "SLOTS", "    Return information about slots range mappings.",
            "SHARDS", "    Return information about slot range mappings and the nodes associated with them.",
            "KEYSLOT <key>", "    Return the hash slot for <key>.",
            "COUNTKEYSINSLOT <slot>", "    Return the number of keys in <slot> (scans this node's keys).",
            "GETKEYSINSLOT <slot> <count>", "    Return key names stored by current node in a slot (scans this node's keys).",
            "MEET <ip> <port> [<bus-port>]", "    Connect nodes into a working cluster.",
            "FORGET <node-id>", "    Remove a dead or departed node from the cluster; survivors re-replicate its slots.",
            "LEAVE", "    Hand this node's slots to the others, leave the cluster, then exit.",
            "RING", "    List the vnodes clockwise: token slot, node id, vnode index, primary slots.",
            "HINTS", "    Hints pending per down node: node, count, bytes, in_flight, oldest_ms, dropped.",
            "HELP", "    Print this help.");

    private final Supplier<Optional<ClusterRuntime>> cluster;
    private final Supplier<Optional<HintedHandoff>> hints;

    public ClusterCommands(Supplier<Optional<ClusterRuntime>> cluster) {
        this(cluster, Optional::empty);
    }

    public ClusterCommands(Supplier<Optional<ClusterRuntime>> cluster, Supplier<Optional<HintedHandoff>> hints) {
        this.cluster = cluster;
        this.hints = hints;
    }

    public List<CommandSpec> specs() {
        return List.of(
                new CommandSpec("cluster", -2, Set.of(), 0, 0, 0, "cluster",
                        "A container for Redis Cluster commands.", this::handle),
                new CommandSpec("readonly", 1, Set.of(CommandFlag.FAST, CommandFlag.LOADING, CommandFlag.STALE), 0, 0, 0,
                        "cluster", "Enables read-only queries for a connection to a Redis Cluster replica node.",
                        (ctx, a, out) -> out.ok()),
                new CommandSpec("readwrite", 1, Set.of(CommandFlag.FAST, CommandFlag.LOADING, CommandFlag.STALE), 0, 0, 0,
                        "cluster", "Enables read-write queries for a connection to a Redis Cluster replica node.",
                        (ctx, a, out) -> out.ok()));
    }

    void handle(CommandContext ctx, Args a, RespWriter out) {
        String sub = a.string(1).toLowerCase(Locale.ROOT);
        if (sub.equals("help")) {
            arity(a, 2);
            out.array(HELP.size());
            HELP.forEach(out::simpleString);
            return;
        }
        if (sub.equals("keyslot")) {
            arity(a, 3);
            out.integer(HashSlots.slotOf(a.bytes(2)));
            return;
        }
        if (sub.equals("countkeysinslot")) {
            arity(a, 3);
            out.integer(KeysInSlot.count(ctx, slot(a, 2)));
            return;
        }
        if (sub.equals("getkeysinslot")) {
            arity(a, 4);
            int slot = slot(a, 2);
            long count = a.longArg(3);
            if (count < 0) {
                throw new CommandError("ERR Invalid number of keys");
            }
            List<byte[]> keys = KeysInSlot.keys(ctx, slot, (int) Math.min(count, KEYS_IN_SLOT_MAX));
            out.array(keys.size());
            keys.forEach(out::bulk);
            return;
        }
        if (sub.equals("hints")) {
            arity(a, 2);
            HintsReply.write(hints.get().orElseThrow(() -> new CommandError(HintsReply.NOT_RUNNING)).pending(), out);
            return;
        }
        ClusterRuntime c = cluster.get().orElseThrow(() -> new CommandError(DISABLED));
        Topology t = c.current();
        switch (sub) {
            case "info" -> {
                arity(a, 2);
                out.bulk(String.join("\r\n", ClusterReplies.info(t, c.settings().replicas())) + "\r\n");
            }
            case "myid" -> {
                arity(a, 2);
                out.bulk(t.self().value());
            }
            case "nodes" -> {
                arity(a, 2);
                out.bulk(ClusterReplies.nodes(t, ctx.nowMillis()));
            }
            case "slots" -> {
                arity(a, 2);
                ClusterReplies.slots(t, out);
            }
            case "shards" -> {
                arity(a, 2);
                ClusterReplies.shards(t, out);
            }
            case "ring" -> {
                arity(a, 2);
                ClusterReplies.ring(t, out);
            }
            case "meet" -> meet(c, a, out);
            case "forget" -> forget(c, t, a, out);
            case "leave" -> {
                arity(a, 2);
                if (!c.hasPeers()) {
                    throw new CommandError("ERR this node is the only member of the cluster: there is no one to hand its data to");
                }
                c.leaveThenExit();
                out.ok();
            }
            case "reset" -> throw new CommandError("ERR CLUSTER RESET is not supported: use CLUSTER LEAVE to take this node"
                    + " out of the cluster, CLUSTER FORGET to drop a dead node");
            default -> throw new CommandError("ERR unknown subcommand '" + a.string(1) + "'. Try CLUSTER HELP.");
        }
    }

    private static void meet(ClusterRuntime c, Args a, RespWriter out) {
        if (a.count() != 4 && a.count() != 5) {
            throw wrongArity(a);
        }
        String host = a.string(2);
        int port = port(a, 3, "ERR Invalid base port specified: ");
        if (host.isEmpty() || (a.count() == 4 && port > 65535 - ClusterSettings.BUS_PORT_OFFSET)) {
            throw new CommandError("ERR Invalid node address specified: " + host + ":" + port);
        }
        BusAddress bus = a.count() == 5 ? new BusAddress(host, port(a, 4, "ERR Invalid bus port specified: "))
                : ClusterSettings.busOf(host, port);
        c.meet(bus);
        out.ok();
    }

    /** Refusals are decided here on the snapshot, with the gossiper's own rules, so the reply need not wait for it. */
    private static void forget(ClusterRuntime c, Topology t, Args a, RespWriter out) {
        arity(a, 3);
        NodeId id;
        try {
            id = new NodeId(a.string(2).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandError("ERR Unknown node " + a.string(2));
        }
        if (id.equals(t.self())) {
            throw new CommandError("ERR I tried hard but I can't forget myself...");
        }
        Member m = t.view().member(id).orElseThrow(() -> new CommandError("ERR Unknown node " + a.string(2)));
        if (m.liveness() != Liveness.DOWN && m.status() != NodeStatus.LEFT) {
            throw new CommandError("ERR Node " + id + " is " + (m.liveness() == Liveness.LIVE ? "up" : "suspected, not down")
                    + ": only a dead or departed node can be forgotten (use CLUSTER LEAVE on a live node)");
        }
        c.forget(id);
        out.ok();
    }

    private static int slot(Args a, int i) {
        long slot;
        try {
            slot = a.longArg(i);
        } catch (CommandError e) {
            throw new CommandError("ERR Invalid slot");
        }
        if (slot < 0 || slot >= HashSlots.SLOT_COUNT) {
            throw new CommandError("ERR Invalid slot");
        }
        return (int) slot;
    }

    private static int port(Args a, int i, String error) {
        long p;
        try {
            p = a.longArg(i);
        } catch (CommandError e) {
            throw new CommandError(error + a.string(i));
        }
        if (p < 1 || p > 65535) {
            throw new CommandError(error + a.string(i));
        }
        return (int) p;
    }

    private static void arity(Args a, int expected) {
        if (a.count() != expected) {
            throw wrongArity(a);
        }
    }

    private static CommandError wrongArity(Args a) {
        return new CommandError("ERR wrong number of arguments for 'cluster|" + a.string(1).toLowerCase(Locale.ROOT)
                + "' command");
    }
}
