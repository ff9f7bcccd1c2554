package io.coterie.ring.quorum;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.coterie.ring.quorum.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlacementTest {

    @Test
    void theWriteCoordinatorIsTheFirstLiveHomeThenTheFirstLiveFallback() {
        List<NodeId> home = Nodes.nodes(1, 3);
        List<NodeId> fallbacks = Nodes.nodes(101, 2);
        assertEquals(Optional.of(node(1)), Nodes.allLive(3, 2).writeCoordinator());
        assertEquals(Optional.of(node(2)), new Placement(home, fallbacks, Set.of(node(2), node(3), node(101))).writeCoordinator());
        assertEquals(Optional.of(node(102)), new Placement(home, fallbacks, Set.of(node(102))).writeCoordinator());
        assertEquals(Optional.empty(), new Placement(home, fallbacks, Set.of()).writeCoordinator());
    }

    @Test
    void aNodeIsListedOnce() {
        assertThrows(IllegalArgumentException.class, () -> new Placement(List.of(), List.of(), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Placement(List.of(node(1), node(1)), List.of(), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Placement(List.of(node(1)), List.of(node(1)), Set.of()));
        assertEquals(2, new Placement(List.of(node(1), node(2)), List.of(node(3)), Set.of()).n());
    }
}
