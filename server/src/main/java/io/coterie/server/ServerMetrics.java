package io.coterie.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's counters: one source of truth, LongAdders (cheap from every event loop) bound into
 * a Micrometer registry for exporters; INFO reads the same adders.
 */
public final class ServerMetrics {

    /** Redis averages instantaneous_ops_per_sec over this many 100 ms samples (STATS_METRIC_SAMPLES). */
    private static final int OPS_SAMPLES = 16;

    public final LongAdder commandsProcessed = new LongAdder();
    public final LongAdder connectionsReceived = new LongAdder();
    public final LongAdder rejectedConnections = new LongAdder();
    public final LongAdder errorReplies = new LongAdder();
    public final LongAdder keyspaceHits = new LongAdder();
    public final LongAdder keyspaceMisses = new LongAdder();
    public final LongAdder netInputBytes = new LongAdder();
    public final LongAdder netOutputBytes = new LongAdder();
    public final LongAdder activeExpiryRuns = new LongAdder();

    private final long[] opsSamples = new long[OPS_SAMPLES];
    private int opsSampleIndex;
    private long lastSampleCommands;
    private long lastSampleAtMs;
    private final AtomicLong instantaneousOps = new AtomicLong();

    public ServerMetrics(MeterRegistry registry, ClientRegistry clients) {
        FunctionCounter.builder("coterie.commands", commandsProcessed, LongAdder::doubleValue)
                .description("commands processed").register(registry);
        FunctionCounter.builder("coterie.connections.received", connectionsReceived, LongAdder::doubleValue)
                .register(registry);
        FunctionCounter.builder("coterie.connections.rejected", rejectedConnections, LongAdder::doubleValue)
                .register(registry);
        FunctionCounter.builder("coterie.errors", errorReplies, LongAdder::doubleValue)
                .description("error replies sent").register(registry);
        FunctionCounter.builder("coterie.keyspace.hits", keyspaceHits, LongAdder::doubleValue).register(registry);
        FunctionCounter.builder("coterie.keyspace.misses", keyspaceMisses, LongAdder::doubleValue).register(registry);
        FunctionCounter.builder("coterie.net.input", netInputBytes, LongAdder::doubleValue).baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("coterie.net.output", netOutputBytes, LongAdder::doubleValue).baseUnit("bytes")
                .register(registry);
        Gauge.builder("coterie.connections", clients, ClientRegistry::count).register(registry);
        Gauge.builder("coterie.ops.instantaneous", instantaneousOps, AtomicLong::doubleValue).register(registry);
    }

    /** Called by the cron every 100 ms: Redis's trackInstantaneousMetric for ops per second. */
    public synchronized void sampleOps(long nowMs) {
        long commands = commandsProcessed.sum();
        long elapsedMs = nowMs - lastSampleAtMs;
        if (lastSampleAtMs != 0 && elapsedMs > 0) {
            opsSamples[opsSampleIndex] = (commands - lastSampleCommands) * 1000 / elapsedMs;
            opsSampleIndex = (opsSampleIndex + 1) % OPS_SAMPLES;
            long sum = 0;
            for (long s : opsSamples) {
                sum += s;
            }
            instantaneousOps.set(sum / OPS_SAMPLES);
        }
        lastSampleCommands = commands;
        lastSampleAtMs = nowMs;
    }

    public long instantaneousOpsPerSec() {
        return instantaneousOps.get();
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        for (LongAdder a : new LongAdder[] {commandsProcessed, connectionsReceived, rejectedConnections, errorReplies,
                keyspaceHits, keyspaceMisses, netInputBytes, netOutputBytes}) {
            a.reset();
        }
    }
}
