package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.server.command.TestContext;
import io.coterie.server.command.keys.KeyCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** INCRBYFLOAT: every expected string below was produced by redis-server 7.0.15 on x86-64. */
class IncrByFloatTest {

    private final TestContext ctx = TestContext.of(StringCommands.specs(), KeyCommands.specs());

    private String run(String... words) {
        return ctx.call(words).toString();
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "10.5|0.1|10.6",
            "5.0e3|0|5000",
            "3.0|0|3",
            "0.1|0.2|0.3",
            "1|1e-18|1",
            "1|-1|0",
            "0|1e-20|0",
            "0|1.5e2|150",
            "0|0x1p-3|0.125",
            "0|+.5|0.5",
            "0|1.|1",
            "0|3.0000000000000000001|3",
            "1.1|2.2|3.3",
            "-1.1|-2.2|-3.3",
            "-0.1|0.1|0",
            "100|-100.5|-0.5",
            "0|-0|0",
            "0|1e17|100000000000000000",
            "0|1e18|1000000000000000000",
            "0|123456789012345678901234567890|123456789012345678899921813504",
            "0|0.1|0.1",
            "0|0.00000000000000001|0.00000000000000001",
            "0|0.000000000000000005|0",
            "0|0.000000000000000015|0.00000000000000002",
            "0|0.000000000000000025|0.00000000000000002",
            "0|2.5e-17|0.00000000000000002",
            "9223372036854775807|1|9223372036854775808",
            "0|1e-310|0",
            "0|3.14159265358979323846264338327950288|3.14159265358979324",
            "0|-3.14159265358979323846264338327950288|-3.14159265358979324",
            "0|0X1P4|16",
            "0|5E-1|0.5",
            "1e3|1E3|2000",
            "0|9999999999999999999|9999999999999999999",
            "0|0.99999999999999999999|1",
            "0|-0.000000000000000001|0",
            "0|1.7976931348623157e308|179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384",
            "0.3|1e300|1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144",
    })
    void formatsLikeRedis(String initial, String increment, String expected) {
        run("SET", "f", initial);
        assertEquals('"' + expected + '"', run("INCRBYFLOAT", "f", increment));
        assertEquals('"' + expected + '"', run("GET", "f"), "the stored value is the printed one");
    }

    @Test
    void missingKeyStartsAtZeroAndHugeExponentsPrintInFull() {
        String result = run("INCRBYFLOAT", "big", "1e4000");
        // Redis prints the exact long double nearest 1e4000, a little below it: 4000 digits, starting as below.
        assertEquals(4000 + 2, result.length());
        assertEquals("\"99999999999999999999654638730996237849324925835069576313015083330432619433063423554818216418655092798",
                result.substring(0, 102));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abc", "' 1'", "'1 '", "1e5000", "1e-5000", "nan", "NaN", "nan(123)", ".", "''", "1e", "1e+", "0x",
            "0x1p", "1.5d", "1,5", "--1", "+-1", "infinit", "1_000",
    })
    void refusesWhatStrtoldOrString2ldRefuse(String increment) {
        run("SET", "f", "1");
        assertEquals("-ERR value is not a valid float", run("INCRBYFLOAT", "f", increment));
        assertEquals("\"1\"", run("GET", "f"));
    }

    @ParameterizedTest
    @CsvSource({"inf", "-inf", "INF", "infinity", "-Infinity", "+inf"})
    void infinityParsesButTheSumIsRefused(String increment) {
        run("SET", "f", "1");
        assertEquals("-ERR increment would produce NaN or Infinity", run("INCRBYFLOAT", "f", increment));
        assertEquals("\"1\"", run("GET", "f"));
    }

    @Test
    void overflowingTheLongDoubleRangeIsRefused() {
        run("SET", "big", "1.18973149535723176502e+4932");
        assertEquals("-ERR increment would produce NaN or Infinity", run("INCRBYFLOAT", "big", "1e4932"));
        assertEquals("\"1189731495357231765021263853030970205169\"",
                run("INCRBYFLOAT", "big", "0").substring(0, 41) + "\"");
    }

    @Test
    void storedValueMustBeAFloat() {
        run("SET", "f", "abc");
        assertEquals("-ERR value is not a valid float", run("INCRBYFLOAT", "f", "1"));
        run("SET", "f", " 1");
        assertEquals("-ERR value is not a valid float", run("INCRBYFLOAT", "f", "1"));
        run("SET", "f", "x".repeat(5120));
        assertEquals("-ERR value is not a valid float", run("INCRBYFLOAT", "f", "1"));
        // A stored value that is not a float is reported even when the increment is infinite, as in Redis.
        run("SET", "f", "abc");
        assertEquals("-ERR value is not a valid float", run("INCRBYFLOAT", "f", "inf"));
    }

    @Test
    void keepsTheExpiry() {
        run("SET", "f", "1.5", "PX", "5000");
        assertEquals("\"2\"", run("INCRBYFLOAT", "f", "0.5"));
        assertEquals(":5000", run("PTTL", "f"));
    }

    @Test
    void longestAcceptedInputIs5119Bytes() {
        String tiny = "0." + "0".repeat(4000) + "1" + "0".repeat(1116);
        assertEquals(5119, tiny.length());
        assertEquals("\"0\"", run("INCRBYFLOAT", "f", tiny));
        assertEquals("-ERR value is not a valid float", run("INCRBYFLOAT", "f", tiny + "0"));
    }
}
