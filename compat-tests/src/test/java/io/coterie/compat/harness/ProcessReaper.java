package io.coterie.compat.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills every server this test JVM started if the JVM exits without stopping them (a timed-out or
 * aborted test run), so no server outlives its tests. Only processes registered here are touched.
 */
final class ProcessReaper {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(Process::destroyForcibly), "compat-server-reaper"));
    }

    private ProcessReaper() {
    }

    static void register(Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
    }
}
