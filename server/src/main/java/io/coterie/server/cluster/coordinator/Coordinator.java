package io.coterie.server.cluster.coordinator;

import io.coterie.ring.NodeId;
import io.coterie.ring.quorum.ConsistencyLevel;
import io.coterie.ring.quorum.NoQuorum;
import io.coterie.ring.quorum.Parsed;
import io.coterie.ring.quorum.ReadCoordination;
import io.coterie.ring.quorum.WriteCoordination;
import io.coterie.ring.quorum.WriteEffect;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.bus.Transport;
import io.coterie.server.cluster.forward.ReplyBytes;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.server.cluster.replica.WriteCapture;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.dispatch.Dispatcher;
import io.coterie.storage.DurabilityMark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a keyed client command on this node as the coordinator of its keys (SPEC §2 Coordination):
 * <ol>
 *   <li>reads — and writes whose outcome depends on what the key held — first gather the key's
 *       versions from the replicas at the level asked for and merge them into this node's copy
 *       (read repair included, {@link ReadCoordination});</li>
 *   <li>the command then runs against this node's copy through the ordinary command table, so every
 *       Redis command keeps its exact semantics, and each change it makes is a new version minted
 *       here ({@link VersionedStore});</li>
 *   <li>each changed key's new versions go to its replicas, and the client is answered once the
 *       write level is reached ({@link WriteCoordination}).</li>
 * </ol>
 * A write whose level is out of reach at the start (too few live replicas) is refused before it is
 * applied anywhere. Every failure becomes a {@code -NOQUORUM} reply; the returned future never
 * completes exceptionally.
 */
public final class Coordinator {

    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);

    private final VersionedStore store;
    private final Dispatcher dispatcher;
    private final ReplicaClient replicas;
    private final Supplier<HintSink> hints;
    private final CoordinatorSettings settings;
    private final Executor executor;
    private final Scheduler timer;
    private final CoordinatorStats stats = new CoordinatorStats();

    /**
     * @param executor where work continues after replicas answer: it runs commands and may wait for
     *                 fsync, so never a bus event loop
     * @param timer    request deadlines (the simulated cluster passes its virtual-time scheduler for both)
     */
    public Coordinator(VersionedStore store, Dispatcher dispatcher, Transport transport,
                       Supplier<HintSink> hints, CoordinatorSettings settings, Executor executor, Scheduler timer) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.replicas = new ReplicaClient(transport, store, executor);
        this.hints = hints;
        this.settings = settings;
        this.executor = executor;
        this.timer = timer;
    }

    public CoordinatorStats stats() {
        return stats;
    }

    public CoordinatorSettings settings() {
        return settings;
    }

    /**
     * @param keys the command's keys (as the spec's key positions name them)
     * @return the complete RESP reply
     */
    public CompletableFuture<byte[]> execute(CommandContext ctx, Args args, CommandSpec spec, ConsistencyLevel level,
                                             Topology topology, List<byte[]> keys) {
        try {
            return spec.has(CommandFlag.WRITE)
                    ? write(ctx, args, spec, level, topology, keys)
                    : read(ctx, args, level, topology, keys);
        } catch (RuntimeException e) {
            log.error("coordinating '{}' failed", spec.name(), e);
            return CompletableFuture.completedFuture(ReplyBytes.errorReply(Dispatcher.INTERNAL_ERROR));
        }
    }

    private CompletableFuture<byte[]> read(CommandContext ctx, Args args, ConsistencyLevel level, Topology topology,
                                           List<byte[]> keys) {
        stats.read();
        return continueWith(gather(topology, keys, level), failure -> failure != null
                ? CompletableFuture.completedFuture(noQuorum(failure))
                : CompletableFuture.completedFuture(runLocally(ctx, args, null)));
    }

    private CompletableFuture<byte[]> write(CommandContext ctx, Args args, CommandSpec spec, ConsistencyLevel level,
                                            Topology topology, List<byte[]> keys) {
        stats.write();
        Map<Key, PreparedWrite> prepared = new LinkedHashMap<>();
        for (byte[] key : keys) {
            PreparedWrite p = prepare(topology, key, level);
            Optional<NoQuorum> refused = p.refusedAtStart();
            if (refused.isPresent()) {
                return CompletableFuture.completedFuture(noQuorum(refused.get().text()));
            }
            prepared.put(new Key(key), p);
        }
        CompletableFuture<String> before = BlindWrites.isBlind(spec, args)
                ? CompletableFuture.completedFuture(null)
                // A level the read cannot reach does not stop the write: it is decided by the write's own level.
                : gather(topology, keys, level.isAny() ? ConsistencyLevel.ONE : level).thenApply(ignored -> null);
        return continueWith(before, ignored -> {
            List<WriteCapture.Captured> changes = new ArrayList<>();
            byte[] reply = runLocally(ctx, args, changes);
            if (changes.isEmpty()) {
                store.awaitDurable();
                return CompletableFuture.completedFuture(reply);
            }
            List<CompletableFuture<Optional<NoQuorum>>> acks = new ArrayList<>(changes.size());
            for (WriteCapture.Captured change : changes) {
                PreparedWrite p = prepared.get(new Key(change.key()));
                acks.add((p != null ? p : prepare(topology, change.key(), level)).replicate(change.versions()));
            }
            // This node's copy is made durable before the client hears of it, by whichever thread answers. Usually the
            // log is already written by then: the event loop's reply flush at the end of this turn wrote it.
            DurabilityMark local = store.durabilityMark();
            return CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
                local.await();
                for (CompletableFuture<Optional<NoQuorum>> ack : acks) {
                    Optional<NoQuorum> failure = ack.join();
                    if (failure.isPresent()) {
                        return noQuorum(failure.get().text());
                    }
                }
                return reply;
            });
        });
    }

    /**
     * Merges every key's versions, as the level sees them, into this node's copy. Completes with null,
     * or with the first failure's text.
     */
    private CompletableFuture<String> gather(Topology topology, List<byte[]> keys, ConsistencyLevel level) {
        List<CompletableFuture<Parsed<SiblingSet>>> reads = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            KeyPlacement kp = KeyPlacement.of(topology, key);
            ReadCoordination machine = new ReadCoordination(kp.placement(), level, settings.sloppyQuorum(), true);
            reads.add(ReadDriver.run(machine, topology, key, replicas, settings.requestTimeoutMs(), timer, stats));
        }
        return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0])).thenApplyAsync(done -> {
            String failure = null;
            for (int i = 0; i < keys.size(); i++) {
                Parsed<SiblingSet> result = reads.get(i).join();
                if (result instanceof Parsed.Ok<SiblingSet> ok) {
                    // This node runs the command next: its copy must hold at least what the level saw.
                    store.merge(keys.get(i), ok.value());
                } else if (failure == null) {
                    failure = ((Parsed.Err<SiblingSet>) result).error();
                }
            }
            return failure;
        }, executor);
    }

    /** Runs {@code next} at once if {@code first} is already done (no thread hop), else on the executor. */
    private <T> CompletableFuture<byte[]> continueWith(CompletableFuture<T> first,
                                                      java.util.function.Function<T, CompletableFuture<byte[]>> next) {
        CompletableFuture<byte[]> result = first.isDone()
                ? next.apply(first.join())
                : first.thenComposeAsync(next, executor);
        return result.exceptionally(e -> {
            log.error("coordination failed", e);
            return ReplyBytes.errorReply(Dispatcher.INTERNAL_ERROR);
        });
    }

    /**
     * The command against this node's copy. A read's reply is returned durable (it may have written: expiry, merges);
     * a write's versions go to {@code changes}, and the caller makes them durable before answering.
     */
    private byte[] runLocally(CommandContext ctx, Args args, List<WriteCapture.Captured> changes) {
        ReplyBytes out = new ReplyBytes();
        try (WriteCapture capture = store.capture()) {
            dispatcher.execute(ctx, args, out);
            if (changes != null) {
                changes.addAll(capture.writes());
            }
        }
        if (changes == null) {
            store.awaitDurable();
        }
        return out.toByteArray();
    }

    private PreparedWrite prepare(Topology topology, byte[] key, ConsistencyLevel level) {
        KeyPlacement kp = KeyPlacement.of(topology, key);
        WriteCoordination machine = new WriteCoordination(kp.placement(), level, settings.sloppyQuorum(),
                settings.hintedHandoff());
        return new PreparedWrite(topology, key, kp, machine, machine.start());
    }

    private byte[] noQuorum(String text) {
        stats.noQuorum();
        return ReplyBytes.errorReply(text);
    }

    /** One key's write coordination, started (so an unreachable level is known) before the local write. */
    private final class PreparedWrite {
        private final Topology topology;
        private final byte[] key;
        private final KeyPlacement placement;
        private final WriteCoordination machine;
        private final List<WriteEffect> startEffects;

        PreparedWrite(Topology topology, byte[] key, KeyPlacement placement, WriteCoordination machine,
                      List<WriteEffect> startEffects) {
            this.topology = topology;
            this.key = key;
            this.placement = placement;
            this.machine = machine;
            this.startEffects = startEffects;
        }

        Optional<NoQuorum> refusedAtStart() {
            return startEffects.stream().filter(e -> e instanceof WriteEffect.Fail)
                    .map(e -> ((WriteEffect.Fail) e).failure()).findFirst();
        }

        CompletableFuture<Optional<NoQuorum>> replicate(SiblingSet versions) {
            for (NodeId next : placement.pendingOnly()) {
                // A node taking the slot over gets every write made while it streams; if it misses one, a hint does.
                replicas.write(topology, next, key, versions, settings.requestTimeoutMs())
                        .whenComplete((ok, error) -> {
                            if (error != null) {
                                hints.get().store(next, key, versions);
                            }
                        });
            }
            return WriteDriver.run(machine, startEffects, topology, key, versions, replicas, hints.get(),
                    settings.requestTimeoutMs(), timer, stats);
        }
    }

    /** A key as a map key. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
