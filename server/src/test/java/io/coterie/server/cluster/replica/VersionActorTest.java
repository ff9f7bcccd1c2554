package io.coterie.server.cluster.replica;

import io.coterie.ring.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionActorTest {

    private static final NodeId NODE = new NodeId("a".repeat(40));

    @TempDir
    Path dir;

    @Test
    void untilTheFirstCrashTheActorIsTheNodeItselfAndNothingIsWritten() {
        assertEquals(NODE, VersionActor.loadOrRotate(dir, NODE, false));
        assertEquals(NODE, VersionActor.loadOrRotate(dir, NODE, false));
        assertTrue(Files.notExists(dir.resolve(VersionActor.FILE_NAME)));
    }

    @Test
    void eachCrashGivesANewActorThatCleanRestartsKeep() {
        NodeId first = VersionActor.loadOrRotate(dir, NODE, true);
        assertNotEquals(NODE, first);
        assertEquals(first, VersionActor.loadOrRotate(dir, NODE, false), "a clean restart keeps minting under it");
        NodeId second = VersionActor.loadOrRotate(dir, NODE, true);
        assertNotEquals(first, second, "another crash, another actor");
        assertEquals(second, VersionActor.loadOrRotate(dir, NODE, false));
        assertTrue(Files.notExists(dir.resolve(VersionActor.FILE_NAME + ".tmp")));
    }

    @Test
    void aDamagedFileIsAClearError() throws Exception {
        Files.writeString(dir.resolve(VersionActor.FILE_NAME), "garbage\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VersionActor.loadOrRotate(dir, NODE, false));
        assertTrue(e.getMessage().contains(VersionActor.FILE_NAME), e.getMessage());
    }
}
