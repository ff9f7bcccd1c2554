package io.coterie.server.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A key whose expiry has come (expiry equal to now included) is invisible to every command. */
class ExpiredKeysTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "GET k|(nil)", "MGET k|[(nil)]", "STRLEN k|:0", "GETRANGE k 0 -1|\"\"", "EXISTS k|:0", "TOUCH k|:0",
            "TYPE k|+none", "TTL k|:-2", "PTTL k|:-2", "EXPIRETIME k|:-2", "PEXPIRETIME k|:-2", "PERSIST k|:0",
            "EXPIRE k 100|:0", "KEYS *|[]", "SCAN 0|[\"0\", []]", "SCAN 0 TYPE string|[\"0\", []]", "RANDOMKEY|(nil)",
            "GETDEL k|(nil)", "GETEX k PERSIST|(nil)", "SET k v GET|(nil)", "SETNX k v|:1", "INCR k|:1",
            "APPEND k x|:1", "SETRANGE k 1 x|:2", "RENAME k j|-ERR no such key", "DEL k|:0", "MSETNX k v|:1",
            "SET k v XX|(nil)", "INCRBYFLOAT k 1.5|\"1.5\"",
    })
    void expiredKeyIsInvisible(String command, String expected) {
        TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());
        ctx.call("SET", "k", "old", "PX", "1000");
        ctx.advance(1000);
        assertEquals(expected, ctx.call(command.split(" ")).toString());
    }
}
