package io.coterie.server.command.versions;

import io.coterie.ring.quorum.ClPrefix;
import io.coterie.ring.quorum.ClientWrite;
import io.coterie.ring.quorum.Consistency;
import io.coterie.ring.quorum.ConsistencyCommand;
import io.coterie.ring.quorum.ConsistencyLevel;
import io.coterie.ring.quorum.NoQuorum;
import io.coterie.ring.quorum.Parsed;
import io.coterie.ring.version.Sibling;
import io.coterie.ring.version.SiblingSet;
import io.coterie.ring.version.VectorClock;
import io.coterie.server.ServerRuntime;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandHandler;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.RespWriter;
import io.coterie.server.command.keys.ExpireTime;
import io.coterie.server.dispatch.CommandIndex;
import io.coterie.server.dispatch.Dispatcher;
import io.coterie.server.dispatch.ReplySink;
import io.coterie.storage.Record;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.coterie.server.command.CommandFlag.DENYOOM;
import static io.coterie.server.command.CommandFlag.FAST;
import static io.coterie.server.command.CommandFlag.READONLY;
import static io.coterie.server.command.CommandFlag.WRITE;

/**
 * Coterie's own commands (SPEC §3): per-connection and per-command consistency, and the versioned
 * reads and writes that expose siblings to clients. On a cluster node the router takes CL and every
 * keyed command to the coordinator first, which gathers the replicas' versions into this node's copy
 * before these bodies run against it; the bodies themselves only touch the local store.
 */
public final class VersionCommands {

    private static final String GROUP = "coterie";
    static final String INVALID_CONTEXT = "ERR invalid context: pass the context VGET returned, or an empty string";

    private final ServerRuntime runtime;
    private volatile Dispatcher dispatcher;
    private volatile CommandIndex index;

    public VersionCommands(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    public List<CommandSpec> specs() {
        return List.of(
                spec("consistency", -1, Set.of(FAST), 0, 0, 0,
                        "Show or set this connection's read and write consistency levels", this::consistency),
                spec("cl", -3, Set.of(), 0, 0, 0, "Run one command at the given consistency level", this::cl),
                spec("vget", 2, Set.of(READONLY, FAST), 1, 1, 1,
                        "Get every concurrent version (sibling) of a key and the context that supersedes them",
                        VersionCommands::vget),
                spec("vset", -4, Set.of(WRITE, DENYOOM), 1, 1, 1,
                        "Write a value that supersedes the versions in a VGET context", VersionCommands::vset),
                spec("vdel", 3, Set.of(WRITE, FAST), 1, 1, 1,
                        "Delete the versions in a VGET context", VersionCommands::vdel));
    }

    /** The levels a connection runs at: its own, or the server's read-consistency / write-consistency. */
    public static Consistency levelsOf(CommandContext ctx, ServerRuntime runtime) {
        Consistency own = ctx.session().consistency();
        if (own != null) {
            return own;
        }
        return new Consistency(ConsistencyLevel.parse(runtime.config().get("read-consistency")).orThrow(),
                ConsistencyLevel.parse(runtime.config().get("write-consistency")).orThrow());
    }

    private void consistency(CommandContext ctx, Args args, RespWriter out) {
        Parsed<ConsistencyCommand> parsed = ConsistencyCommand.parse(args.from(1));
        if (parsed instanceof Parsed.Err<ConsistencyCommand> err) {
            out.error(err.error());
            return;
        }
        ConsistencyCommand command = parsed.orThrow();
        Consistency current = levelsOf(ctx, runtime);
        if (command instanceof ConsistencyCommand.Change change) {
            ctx.session().consistency(change.applyTo(current));
            out.ok();
            return;
        }
        List<String> shown = current.describe();
        out.array(shown.size());
        shown.forEach(out::bulk);
    }

    /**
     * CL run where no router took it: a node whose every key has a single copy, here. A level above one
     * copy cannot be met, as the coordinator would say.
     */
    private void cl(CommandContext ctx, Args args, RespWriter out) {
        Parsed<ClPrefix> parsed = ClPrefix.parse(args.from(1));
        if (parsed instanceof Parsed.Err<ClPrefix> err) {
            out.error(err.error());
            return;
        }
        ClPrefix prefix = parsed.orThrow();
        Args command = new Args(prefix.command().toArray(new byte[0][]));
        CommandSpec spec = index().find(command.bytes(0));
        boolean isWrite = spec != null && spec.has(CommandFlag.WRITE);
        Parsed<ConsistencyLevel> level = prefix.levelFor(isWrite);
        if (level instanceof Parsed.Err<ConsistencyLevel> err) {
            out.error(err.error());
            return;
        }
        int needed = level.orThrow().required(1);
        if (needed > 1 && spec != null && spec.firstKey() > 0) {
            out.error(NoQuorum.levelExceedsN(isWrite ? NoQuorum.Op.WRITE : NoQuorum.Op.READ, level.orThrow(), needed, 1)
                    .text());
            return;
        }
        if (!(out instanceof ReplySink sink)) {
            throw new IllegalStateException("the dispatcher hands commands a ReplySink");
        }
        dispatcher().execute(ctx, command, sink);
    }

    /** {@code [context, [value, …]]}: the live siblings (no tombstones, nothing expired) in a stable order. */
    private static void vget(CommandContext ctx, Args args, RespWriter out) {
        SiblingSet versions = versioned(ctx).versions(args.bytes(1));
        long nowMs = ctx.nowMillis();
        List<byte[]> values = new ArrayList<>();
        for (Sibling s : versions.siblings()) {
            if (!s.tombstone() && !s.isExpiredAt(nowMs)) {
                values.add(s.value());
            }
        }
        if (values.isEmpty()) {
            ctx.keyspaceMiss();
        } else {
            ctx.keyspaceHit();
        }
        out.array(2);
        out.bulk(versions.context().encode());
        out.array(values.size());
        values.forEach(out::bulk);
    }

    /** {@code VSET key context value [EX seconds | PX milliseconds]} */
    private static void vset(CommandContext ctx, Args args, RespWriter out) {
        VectorClock context = context(args.bytes(2));
        long expireAtMs = Record.NO_EXPIRY;
        if (args.count() == 6 && (args.is(4, "EX") || args.is(4, "PX"))) {
            TimeUnit unit = args.is(4, "EX") ? TimeUnit.SECONDS : TimeUnit.MILLISECONDS;
            expireAtMs = ExpireTime.forSetOption(Args.parseLong(args.bytes(5)), unit, true, ctx.nowMillis(), args);
        } else if (args.count() != 4) {
            throw CommandError.syntax();
        }
        versioned(ctx).write(args.bytes(1), new ClientWrite.VSet(context, args.bytes(3), expireAtMs));
        out.ok();
    }

    /** {@code VDEL key context}: the number of live values the delete superseded. */
    private static void vdel(CommandContext ctx, Args args, RespWriter out) {
        VectorClock context = context(args.bytes(2));
        VersionedStore store = versioned(ctx);
        long nowMs = ctx.nowMillis();
        long superseded = store.versions(args.bytes(1)).supersededBy(context).stream()
                .filter(s -> !s.tombstone() && !s.isExpiredAt(nowMs)).count();
        store.write(args.bytes(1), new ClientWrite.VDel(context));
        out.integer(superseded);
    }

    private static VectorClock context(byte[] bytes) {
        if (bytes.length == 0) {
            return VectorClock.empty();
        }
        try {
            return VectorClock.decode(bytes);
        } catch (IllegalArgumentException e) { // VersionDecodeException among them
            throw new CommandError(INVALID_CONTEXT);
        }
    }

    private static VersionedStore versioned(CommandContext ctx) {
        if (ctx.store() instanceof VersionedStore v) {
            return v;
        }
        throw new CommandError("ERR this node's store keeps no versions");
    }

    private Dispatcher dispatcher() {
        Dispatcher d = dispatcher;
        if (d == null) {
            d = new Dispatcher(runtime.commands(), runtime.config(), runtime.metrics());
            dispatcher = d;
        }
        return d;
    }

    private CommandIndex index() {
        CommandIndex i = index;
        if (i == null) {
            i = new CommandIndex(runtime.commands());
            index = i;
        }
        return i;
    }

    private static CommandSpec spec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey,
                                    int keyStep, String summary, CommandHandler handler) {
        return new CommandSpec(name, arity, flags, firstKey, lastKey, keyStep, GROUP, summary, handler);
    }
}
