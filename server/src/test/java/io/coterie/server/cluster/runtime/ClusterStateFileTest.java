package io.coterie.server.cluster.runtime;

import static io.coterie.server.cluster.runtime.Views.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.membership.RememberedMember;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateFileTest {

    @TempDir
    Path dir;

    @Test
    void aFirstStartHasNoState() {
        assertEquals(Optional.empty(), new ClusterStateFile(dir).read());
    }

    @Test
    void whatIsWrittenIsReadBack() {
        ClusterStateFile file = new ClusterStateFile(dir);
        ClusterState state = new ClusterState(id(10), true,
                List.of(member(11, "127.0.0.1", 19610, ""), member(12, "10.0.0.7", 6379, "rack a/1")));
        file.write(state);
        assertEquals(Optional.of(state), new ClusterStateFile(dir).read());
    }

    @Test
    void aRewriteReplacesTheFileWholeAndLeavesNoTemporaryFile() throws Exception {
        ClusterStateFile file = new ClusterStateFile(dir);
        file.write(new ClusterState(id(1), false, List.of(member(11, "h", 1, ""), member(12, "h", 3, "r"))));
        file.write(new ClusterState(id(1), true, List.of()));
        assertEquals(Optional.of(new ClusterState(id(1), true, List.of())), file.read());
        assertFalse(Files.exists(dir.resolve(ClusterStateFile.FILE_NAME + ClusterStateFile.TEMP_SUFFIX)));
        assertEquals(4, Files.readAllLines(file.path()).size(), "comment, myid, joined, generation");
    }

    @Test
    void theGenerationIsKeptAndAFileWithoutOneReadsAsNone() throws Exception {
        ClusterStateFile file = new ClusterStateFile(dir);
        ClusterState state = new ClusterState(id(4), true, List.of(), 1_795_317_058_894L);
        file.write(state);
        assertEquals(Optional.of(state), file.read());
        Files.writeString(file.path(), "myid " + id(4) + "\njoined yes\n");
        assertEquals(0, file.read().orElseThrow().generation());
    }

    @Test
    void aNewStartsGenerationIsAboveTheSavedOneEvenWhenTheClockSteppedBack() {
        ClusterState saved = new ClusterState(id(5), true, List.of(), 2_000_000L);
        assertEquals(2_000_001L, saved.nextGeneration(1_000_000L), "clock stepped back across the restart");
        assertEquals(3_000_000L, saved.nextGeneration(3_000_000L), "clock moved on: the wall clock, as Cassandra does");
        assertEquals(5_000L, new ClusterState(id(5), false, List.of()).nextGeneration(5_000L), "first start");
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnored() throws Exception {
        ClusterStateFile file = new ClusterStateFile(dir);
        ClusterState state = new ClusterState(id(2), true, List.of(member(11, "h", 1, "")));
        file.write(state);
        // A crash between writing the temporary file and the rename leaves half a file beside the real one.
        Files.writeString(dir.resolve(ClusterStateFile.FILE_NAME + ClusterStateFile.TEMP_SUFFIX), "myid 33");
        assertEquals(Optional.of(state), file.read());
        file.write(state.withJoined(false));
        assertEquals(Optional.of(state.withJoined(false)), file.read());
    }

    @Test
    void aDamagedFileIsAClearErrorNamingTheLine() throws Exception {
        Files.writeString(dir.resolve(ClusterStateFile.FILE_NAME), "myid " + id(3) + "\nmember h 1\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ClusterStateFile(dir).read());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(dir.resolve(ClusterStateFile.FILE_NAME), "joined yes\n");
        e = assertThrows(IllegalStateException.class, () -> new ClusterStateFile(dir).read());
        assertTrue(e.getMessage().contains("no 'myid'"), e.getMessage());
    }

    private static RememberedMember member(int id, String host, int port, String rack) {
        return new RememberedMember(id(id), new Address(host, port, port + 10000), 1_795_317_000_000L + id,
                NodeStatus.UP, new PlacementInputs(1, rack, 256));
    }
}
