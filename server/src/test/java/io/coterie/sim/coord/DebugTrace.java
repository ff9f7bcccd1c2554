package io.coterie.sim.coord;

import io.coterie.ring.membership.GossipEffect;
import io.coterie.server.cluster.Topology;
import io.coterie.server.cluster.replica.VersionedStore;
import io.coterie.sim.NodeContext;
import io.coterie.sim.Simulation;
import io.coterie.sim.history.History;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Diagnosing a failing seed: {@code -Dsim.debug.key=k0} on a replay keeps the whole trace, adds every change of that
 * key on every node's store and every published view (with the key's replicas) to it, and writes it with the history
 * to {@code target/sim-trace-<seed>.txt}. Off by default; lines only enter the trace, so the run itself is unchanged.
 */
final class DebugTrace {

    static final String PROPERTY = "sim.debug.key";
    private static final int LINES_KEPT_WHEN_ON = 3_000_000;
    private static final int LINES_KEPT_WHEN_OFF = 200;

    private DebugTrace() {
    }

    private static String key() {
        return System.getProperty(PROPERTY);
    }

    static int linesKept() {
        return key() == null ? LINES_KEPT_WHEN_OFF : LINES_KEPT_WHEN_ON;
    }

    static void watchStore(NodeContext context, VersionedStore store) {
        String key = key();
        if (key == null) {
            return;
        }
        byte[] watched = key.getBytes(StandardCharsets.UTF_8);
        store.addChangeListener((changed, before, after) -> {
            if (Arrays.equals(changed, watched)) {
                context.log().line("store " + key + " " + before + " -> " + after);
            }
        });
    }

    static void viewPublished(NodeContext context, GossipEffect.ViewChanged change, Topology topology) {
        String key = key();
        if (key == null) {
            return;
        }
        context.log().line("view " + change.view().members().values().stream()
                .map(m -> m.id().value().substring(0, 6) + ":" + m.status() + ":" + m.liveness()).toList()
                + " replicas of " + key + " " + topology.replicasOf(key.getBytes(StandardCharsets.UTF_8)));
    }

    static void write(long seed, Simulation sim, History history) {
        if (key() == null) {
            return;
        }
        try (PrintWriter w = new PrintWriter("target/sim-trace-" + seed + ".txt", StandardCharsets.UTF_8)) {
            sim.loop().trace().recent().forEach(w::println);
            history.operations().forEach(o -> w.println("op " + o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
