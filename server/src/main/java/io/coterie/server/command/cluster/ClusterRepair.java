package io.coterie.server.command.cluster;

import io.coterie.ring.placement.HashSlots;
import io.coterie.server.cluster.repair.PeerReport;
import io.coterie.server.cluster.repair.RepairReport;
import io.coterie.server.cluster.repair.Repairer;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.RespWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * CLUSTER REPAIR [slot [slot]]: one anti-entropy pass with every peer, now, over all slots, one slot or a range;
 * replies with what it compared and moved as {@code field:value} lines (like CLUSTER INFO), then one line per peer.
 *
 * <p>On a cluster node the router answers it asynchronously ({@link #start}); without one (tests) the reply waits
 * at most {@link #WAIT_SECONDS_MAX}. A repair that takes longer goes on; INFO repair shows its outcome.
 */
public final class ClusterRepair {

    static final long WAIT_SECONDS_MAX = 300;

    private ClusterRepair() {
    }

    static void run(Repairer repairer, Args a, RespWriter out) {
        try {
            out.bulk(start(repairer, a).get(WAIT_SECONDS_MAX, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            throw new CommandError("ERR repair still running after " + WAIT_SECONDS_MAX + " s; see INFO repair");
        } catch (ExecutionException e) {
            throw new CommandError("ERR repair failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandError("ERR interrupted");
        }
    }

    /**
     * Starts the repair the arguments ask for; the future completes with the reply's text. The router answers
     * CLUSTER REPAIR through this without holding the connection's event loop.
     *
     * @throws CommandError for bad arguments, before anything starts
     */
    public static CompletableFuture<String> start(Repairer repairer, Args a) {
        if (a.count() > 4) {
            throw new CommandError("ERR wrong number of arguments for 'cluster|repair' command");
        }
        int first = a.count() > 2 ? ClusterCommands.slot(a, 2) : 0;
        int last = a.count() > 3 ? ClusterCommands.slot(a, 3) : a.count() > 2 ? first : HashSlots.SLOT_COUNT - 1;
        if (first > last) {
            throw new CommandError("ERR Invalid slot range " + first + " " + last);
        }
        return repairer.repairNow(first, last).thenApply(report -> String.join("\r\n", lines(report, first, last)) + "\r\n");
    }

    static List<String> lines(RepairReport r, int first, int last) {
        List<String> l = new ArrayList<>();
        l.add("slots:" + first + "-" + last);
        l.add("peers:" + r.peers().size());
        l.add("peers_failed:" + r.failures().size());
        l.add("slots_compared:" + r.total(PeerReport::slotsCompared));
        l.add("slots_differing:" + r.total(PeerReport::slotsDiffering));
        l.add("keys_sent:" + r.total(PeerReport::keysSent));
        l.add("keys_received:" + r.total(PeerReport::keysReceived));
        l.add("record_bytes_sent:" + r.total(PeerReport::recordBytesSent));
        l.add("record_bytes_received:" + r.total(PeerReport::recordBytesReceived));
        l.add("bytes_sent:" + r.total(PeerReport::bytesSent));
        l.add("bytes_received:" + r.total(PeerReport::bytesReceived));
        l.add("duration_ms:" + r.durationMs());
        for (PeerReport p : r.peers()) {
            l.add("peer:" + p.peer() + ",slots_differing=" + p.slotsDiffering() + ",keys_sent=" + p.keysSent()
                    + ",keys_received=" + p.keysReceived() + ",bytes_sent=" + p.bytesSent() + ",bytes_received="
                    + p.bytesReceived() + ",duration_ms=" + p.durationMs());
        }
        r.failures().forEach((id, why) -> l.add("failed:" + id + "," + why.replace("\r", " ").replace("\n", " ")));
        return l;
    }
}
