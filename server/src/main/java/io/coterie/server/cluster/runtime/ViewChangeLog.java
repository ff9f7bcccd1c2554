package io.coterie.server.cluster.runtime;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Liveness;
import io.coterie.ring.membership.Member;
import io.coterie.ring.membership.MembershipView;
import org.slf4j.Logger;

import java.util.Map;

/** Log lines an operator reads when membership changes: joins, status steps, liveness (UP/SUSPECT/DOWN), departures. */
final class ViewChangeLog {

    private ViewChangeLog() {
    }

    static void log(Logger log, MembershipView before, MembershipView after) {
        for (Map.Entry<NodeId, Member> e : after.members().entrySet()) {
            Member now = e.getValue();
            Member was = before.members().get(e.getKey());
            if (was == null) {
                log.info("Cluster: node {} at {}:{} (bus {}) is known now, status {}", now.id(), now.address().host(),
                        now.address().clientPort(), now.address().busPort(), now.status());
                continue;
            }
            if (was.status() != now.status()) {
                log.info("Cluster: node {} status {} -> {}", now.id(), was.status(), now.status());
            }
            if (was.liveness() != now.liveness()) {
                String line = "Cluster: node {} is {} (was {})";
                if (now.liveness() == Liveness.LIVE) {
                    log.info(line, now.id(), "UP", was.liveness());
                } else {
                    log.warn(line, now.id(), now.liveness(), was.liveness() == Liveness.LIVE ? "UP" : was.liveness());
                }
            }
            if (!was.address().equals(now.address())) {
                log.info("Cluster: node {} moved from {} to {}", now.id(), was.address(), now.address());
            }
        }
        for (Member gone : before.members().values()) {
            if (!after.members().containsKey(gone.id())) {
                log.info("Cluster: node {} is gone from the cluster (forgotten or departed)", gone.id());
            }
        }
    }
}
