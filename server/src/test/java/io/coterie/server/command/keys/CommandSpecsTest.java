package io.coterie.server.command.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.CommandTable;
import io.coterie.server.command.strings.StringCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each command's table entry as redis-server 7.0.15 answers COMMAND INFO (flags we model). */
class CommandSpecsTest {

    private static final CommandTable TABLE = table();

    private static CommandTable table() {
        List<CommandSpec> all = new ArrayList<>(StringCommands.specs());
        all.addAll(KeyCommands.specs());
        return CommandTable.of(all);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "get|2|readonly fast|1|1|1|string",
            "set|-3|write denyoom|1|1|1|string",
            "setnx|3|write denyoom fast|1|1|1|string",
            "setex|4|write denyoom|1|1|1|string",
            "psetex|4|write denyoom|1|1|1|string",
            "getset|3|write denyoom fast|1|1|1|string",
            "getdel|2|write fast|1|1|1|string",
            "getex|-2|write fast|1|1|1|string",
            "mget|-2|readonly fast|1|-1|1|string",
            "mset|-3|write denyoom|1|-1|2|string",
            "msetnx|-3|write denyoom|1|-1|2|string",
            "append|3|write denyoom fast|1|1|1|string",
            "strlen|2|readonly fast|1|1|1|string",
            "getrange|4|readonly|1|1|1|string",
            "setrange|4|write denyoom|1|1|1|string",
            "incr|2|write denyoom fast|1|1|1|string",
            "decr|2|write denyoom fast|1|1|1|string",
            "incrby|3|write denyoom fast|1|1|1|string",
            "decrby|3|write denyoom fast|1|1|1|string",
            "incrbyfloat|3|write denyoom fast|1|1|1|string",
            "del|-2|write|1|-1|1|generic",
            "unlink|-2|write fast|1|-1|1|generic",
            "exists|-2|readonly fast|1|-1|1|generic",
            "type|2|readonly fast|1|1|1|generic",
            "expire|-3|write fast|1|1|1|generic",
            "pexpire|-3|write fast|1|1|1|generic",
            "expireat|-3|write fast|1|1|1|generic",
            "pexpireat|-3|write fast|1|1|1|generic",
            "expiretime|2|readonly fast|1|1|1|generic",
            "pexpiretime|2|readonly fast|1|1|1|generic",
            "ttl|2|readonly fast|1|1|1|generic",
            "pttl|2|readonly fast|1|1|1|generic",
            "persist|2|write fast|1|1|1|generic",
            "keys|2|readonly|0|0|0|generic",
            "scan|-2|readonly|0|0|0|generic",
            "randomkey|1|readonly|0|0|0|generic",
            "rename|3|write|1|2|1|generic",
            "renamenx|3|write fast|1|2|1|generic",
            "touch|-2|readonly fast|1|-1|1|generic",
    })
    void matchesRedis(String name, int arity, String flags, int firstKey, int lastKey, int keyStep, String group) {
        CommandSpec spec = TABLE.lookup(name);
        assertEquals(arity, spec.arity());
        Set<CommandFlag> expected = Arrays.stream(flags.split(" "))
                .map(f -> CommandFlag.valueOf(f.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toSet());
        assertEquals(expected, spec.flags());
        assertEquals(firstKey, spec.firstKey());
        assertEquals(lastKey, spec.lastKey());
        assertEquals(keyStep, spec.keyStep());
        assertEquals(group, spec.group());
        assertFalse(spec.summary().isBlank());
    }

    @org.junit.jupiter.api.Test
    void exactlyTheSpecCommands() {
        assertEquals(39, TABLE.size());
    }
}
