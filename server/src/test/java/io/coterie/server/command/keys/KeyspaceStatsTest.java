package io.coterie.server.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which commands count keyspace hits and misses (INFO stats), as measured on redis-server 7.0.15
 * with keys a and b present and zz absent: reads count (lookupKeyRead), writes do not (lookupKeyWrite).
 */
class KeyspaceStatsTest {

    @ParameterizedTest(name = "{0} -> {1} hits, {2} misses")
    @CsvSource(delimiter = '|', value = {
            "GET a|1|0", "GET zz|0|1", "SET a 1|0|0", "SET a 1 GET|1|0", "SET zz 1 GET|0|1", "SETNX a 1|0|0",
            "GETSET a 1|1|0", "GETDEL a|1|0", "GETDEL zz|0|1", "GETEX a|1|0", "GETEX zz EX 0|0|1",
            "GETEX a PERSIST|1|0", "MGET a zz|1|1", "STRLEN a|1|0", "GETRANGE a 0 1|1|0", "APPEND a x|0|0",
            "INCR n1|0|0", "INCRBYFLOAT f 1|0|0", "SETRANGE b 0 x|0|0", "MSET a 1|0|0", "MSETNX q 1 w 2|0|0",
            "EXISTS a zz|1|1", "TOUCH a zz|1|1", "TYPE a|1|0", "TYPE zz|0|1", "TTL a|1|0", "PTTL zz|0|1",
            "EXPIRETIME a|1|0", "PEXPIRETIME zz|0|1", "PERSIST a|0|0", "EXPIRE a 100|0|0", "RENAME a c|0|0",
            "RENAMENX a c|0|0", "KEYS *|0|0", "SCAN 0|0|0", "SCAN 0 TYPE string|2|0", "SCAN 0 TYPE hash|2|0",
            "RANDOMKEY|0|0", "DEL zz|0|0", "UNLINK a|0|0",
    })
    void countsAsRedisDoes(String command, long hits, long misses) {
        TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());
        ctx.call("MSET", "a", "1", "b", "2");
        ctx.call(command.split(" "));
        assertEquals(hits, ctx.hits(), "hits");
        assertEquals(misses, ctx.misses(), "misses");
    }
}
