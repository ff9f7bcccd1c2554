package io.coterie.server.cluster.coordinator;

import io.coterie.ring.quorum.ReadCoordination;
import io.coterie.ring.quorum.ReadEffect;
import io.coterie.ring.quorum.ReadEvent;
import io.coterie.ring.quorum.Parsed;
import io.coterie.ring.version.SiblingSet;
import io.coterie.server.cluster.Scheduler;
import io.coterie.server.cluster.Topology;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Drives one {@link ReadCoordination}: asks the replicas, feeds their replies in one at a time,
 * sends the read repairs it decides on, and completes with the merged versions once R replies (and
 * the blocking repairs) are in — or with the failure. Late replies still repair in the background.
 */
final class ReadDriver {

    private final ReadCoordination machine;
    private final Topology topology;
    private final byte[] key;
    private final ReplicaClient replicas;
    private final long timeoutMs;
    private final CoordinatorStats stats;
    private final CompletableFuture<Parsed<SiblingSet>> answer = new CompletableFuture<>();
    private final EventPump<ReadEvent> events;
    private Scheduler.Cancellable deadline;

    private ReadDriver(ReadCoordination machine, Topology topology, byte[] key, ReplicaClient replicas,
                       long timeoutMs, CoordinatorStats stats) {
        this.machine = machine;
        this.topology = topology;
        this.key = key;
        this.replicas = replicas;
        this.timeoutMs = timeoutMs;
        this.stats = stats;
        this.events = new EventPump<>(event -> machine.handle(event).forEach(this::perform), this::cancelIfDone);
    }

    /** @return the merged versions the level saw, or the NOQUORUM error text */
    static CompletableFuture<Parsed<SiblingSet>> run(ReadCoordination machine, Topology topology, byte[] key,
                                                     ReplicaClient replicas, long timeoutMs,
                                                     Scheduler timer, CoordinatorStats stats) {
        ReadDriver driver = new ReadDriver(machine, topology, key, replicas, timeoutMs, stats);
        driver.events.start(() -> {
            driver.deadline = timer.schedule(timeoutMs, () -> driver.on(ReadEvent.TIMED_OUT));
            machine.start().forEach(driver::perform);
        });
        return driver.answer;
    }

    private void on(ReadEvent event) {
        events.offer(event);
    }

    private void cancelIfDone() {
        if (machine.isDone() && deadline != null) {
            deadline.cancel();
        }
    }

    private void perform(ReadEffect effect) {
        if (effect instanceof ReadEffect.SendRead r) {
            replicas.read(topology, r.to(), key, timeoutMs).whenComplete((versions, error) -> on(error != null
                    ? new ReadEvent.Failed(r.to())
                    : new ReadEvent.Replied(r.to(), versions.isEmpty() ? Optional.empty() : Optional.of(versions))));
        } else if (effect instanceof ReadEffect.SendRepair repair) {
            stats.readRepair(repair.blocking());
            replicas.write(topology, repair.to(), key, repair.versions(), timeoutMs).whenComplete((ok, error) ->
                    on(error == null ? new ReadEvent.RepairAcked(repair.to()) : new ReadEvent.RepairFailed(repair.to())));
        } else if (effect instanceof ReadEffect.Succeed s) {
            answer.complete(Parsed.ok(s.versions()));
        } else if (effect instanceof ReadEffect.Fail f) {
            answer.complete(Parsed.err(f.failure().text()));
        }
    }
}
