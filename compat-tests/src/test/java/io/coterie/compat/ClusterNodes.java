package io.coterie.compat;

import io.coterie.compat.harness.ServerProcess;
import io.coterie.compat.harness.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The Coterie nodes one cluster test starts: each with the cluster's replica count ({@link ClusterProbe#directives}),
 * the test's common directives and its own; {@link #killAll} ends the ones still running, by PID.
 */
final class ClusterNodes {

    private final List<String> common;
    private final List<ServerProcess> started = new ArrayList<>();

    ClusterNodes(String... commonDirectives) {
        this.common = List.of(commonDirectives);
    }

    ServerProcess start(String name, String... directives) {
        List<String> all = ClusterProbe.directives(common.toArray(new String[0]));
        all.addAll(List.of(directives));
        ServerProcess node = Target.COTERIE.server(name, all);
        started.add(node);
        node.start();
        return node;
    }

    /** kill -9 of every node this test started that is still alive (call from {@code @AfterEach}). */
    void killAll() {
        started.stream().filter(ServerProcess::isAlive).forEach(ServerProcess::kill9);
    }
}
