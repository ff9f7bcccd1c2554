package io.coterie.server.dispatch;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandIndexTest {

    @Test
    void findsEveryCommandInAnyCaseAndNothingElse() {
        List<CommandSpec> specs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            specs.add(new CommandSpec("cmd" + i, 1, Set.of(), 0, 0, 0, "test", "", (c, a, o) -> { }));
        }
        CommandTable table = CommandTable.of(specs);
        CommandIndex index = new CommandIndex(table);
        for (CommandSpec s : specs) {
            assertSame(s, index.find(s.name().getBytes(StandardCharsets.US_ASCII)));
            assertSame(s, index.find(s.name().toUpperCase().getBytes(StandardCharsets.US_ASCII)));
        }
        assertNull(index.find("cmd300".getBytes(StandardCharsets.US_ASCII)));
        assertNull(index.find("cmd".getBytes(StandardCharsets.US_ASCII)));
        assertNull(index.find(new byte[0]));
        assertNull(index.find("x".repeat(100).getBytes(StandardCharsets.US_ASCII)));
    }
}
