package io.coterie.server.cluster.coordinator;

import io.coterie.ring.NodeId;
import io.coterie.ring.quorum.NoQuorum;
import io.coterie.ring.quorum.WriteCoordination;
import io.coterie.ring.quorum.WriteEffect;
import io.coterie.ring.quorum.WriteEvent;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.Topology;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one {@link WriteCoordination}: performs its effects (replica writes, hinted writes to
 * fallbacks, hints kept here) and feeds it what comes back, one event at a time, until it is done —
 * which may be after the client's answer (late acks, hints for replicas that timed out). The machine
 * decides everything; this class only does I/O.
 */
final class WriteDriver {

    private final WriteCoordination machine;
    private final Topology topology;
    private final byte[] key;
    private final SiblingSet versions;
    private final ReplicaClient replicas;
    private final HintSink hints;
    private final long timeoutMs;
    private final CoordinatorStats stats;
    private final CompletableFuture<Optional<NoQuorum>> answer = new CompletableFuture<>();
    private final EventPump<WriteEvent> events;
    private Scheduler.Cancellable deadline;

    private WriteDriver(WriteCoordination machine, Topology topology, byte[] key, SiblingSet versions,
                        ReplicaClient replicas, HintSink hints, long timeoutMs, CoordinatorStats stats) {
        this.machine = machine;
        this.topology = topology;
        this.key = key;
        this.versions = versions;
        this.replicas = replicas;
        this.hints = hints;
        this.timeoutMs = timeoutMs;
        this.stats = stats;
        this.events = new EventPump<>(event -> machine.handle(event).forEach(this::perform), this::cancelIfDone);
    }

    /**
     * @param startEffects what {@code machine.start()} returned: taken before the local write, so a
     *                     level out of reach at start fails before anything is written anywhere
     * @return empty once the level is reached, or the failure
     */
    static CompletableFuture<Optional<NoQuorum>> run(WriteCoordination machine, List<WriteEffect> startEffects,
                                                     Topology topology, byte[] key, SiblingSet versions,
                                                     ReplicaClient replicas, HintSink hints, long timeoutMs,
                                                     Scheduler timer, CoordinatorStats stats) {
        WriteDriver driver = new WriteDriver(machine, topology, key, versions, replicas, hints, timeoutMs, stats);
        driver.events.start(() -> {
            driver.deadline = timer.schedule(timeoutMs, () -> driver.on(WriteEvent.TIMED_OUT));
            startEffects.forEach(driver::perform);
        });
        return driver.answer;
    }

    private void on(WriteEvent event) {
        events.offer(event);
    }

    private void cancelIfDone() {
        if (machine.isDone() && deadline != null) {
            deadline.cancel();
        }
    }

    private void perform(WriteEffect effect) {
        NodeId self = topology.self();
        if (effect instanceof WriteEffect.SendWrite w) {
            if (w.to().equals(self)) {
                on(new WriteEvent.Acked(self)); // the coordinator wrote its own copy before coordinating
            } else {
                replicas.write(topology, w.to(), key, versions, timeoutMs).whenComplete((ok, error) ->
                        on(error == null ? new WriteEvent.Acked(w.to()) : new WriteEvent.Failed(w.to())));
            }
        } else if (effect instanceof WriteEffect.SendHintedWrite h) {
            stats.hintedWrite();
            CompletableFuture<?> sent = h.to().equals(self)
                    ? hints.store(h.home(), key, versions).thenAccept(WriteDriver::requireStored)
                    : hints.sendHintedWrite(h.to(), h.home(), key, versions, timeoutMs);
            sent.whenComplete((ok, error) ->
                    on(error == null ? new WriteEvent.Acked(h.to()) : new WriteEvent.Failed(h.to())));
        } else if (effect instanceof WriteEffect.StoreHint s) {
            hints.store(s.home(), key, versions).whenComplete((stored, error) -> {
                if (error == null && stored) {
                    on(new WriteEvent.HintStored(s.home()));
                }
            });
        } else if (effect instanceof WriteEffect.Succeed) {
            answer.complete(Optional.empty());
        } else if (effect instanceof WriteEffect.Fail f) {
            answer.complete(Optional.of(f.failure()));
        }
    }

    private static void requireStored(boolean stored) {
        if (!stored) {
            throw new IllegalStateException("hint refused");
        }
    }
}
