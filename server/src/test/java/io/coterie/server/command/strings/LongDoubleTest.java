package io.coterie.server.command.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The long double emulation checked against exact arithmetic where long double is known to be exact. */
class LongDoubleTest {

    private static LongDouble parse(String s) {
        return LongDouble.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Property
    void integersUpTo2To63AddExactly(@ForAll @LongRange(min = -(1L << 62), max = 1L << 62) long a,
                                     @ForAll @LongRange(min = -(1L << 62), max = 1L << 62) long b) {
        String sum = BigInteger.valueOf(a).add(BigInteger.valueOf(b)).toString();
        assertEquals(sum, parse(Long.toString(a)).plus(parse(Long.toString(b))).toHumanString());
    }

    /**
     * Operands below 20 in magnitude with up to six decimals: parse and add errors stay under
     * 5e-18, half a unit of the 17th decimal, so the printed sum is the exact decimal sum.
     */
    @Property
    void shortDecimalsPrintTheirExactSum(@ForAll @IntRange(min = -20_000_000, max = 20_000_000) int a,
                                         @ForAll @IntRange(min = -20_000_000, max = 20_000_000) int b,
                                         @ForAll @IntRange(min = 0, max = 6) int decimals) {
        BigDecimal x = BigDecimal.valueOf(a, 6).setScale(decimals, java.math.RoundingMode.DOWN);
        BigDecimal y = BigDecimal.valueOf(b, 6);
        String expected = x.add(y).stripTrailingZeros().toPlainString();
        if (expected.equals("0") || expected.equals("0.0")) {
            expected = "0";
        }
        assertEquals(expected, parse(x.toPlainString()).plus(parse(y.toPlainString())).toHumanString());
    }

    @Test
    void roundingCarriesIntoTheNextBinade() {
        // 2^64 - 1 needs 64 bits; + 0.5 rounds half to even up to 2^64, which needs a new exponent.
        assertEquals("18446744073709551616", parse("18446744073709551615").plus(parse("0.5")).toHumanString());
        assertEquals("18446744073709551616", parse("18446744073709551616.4").toHumanString());
    }

    @Test
    void infinitiesAreNotFinite() {
        assertFalse(parse("inf").isFinite());
        assertFalse(parse("-inf").plus(parse("1")).isFinite());
        assertFalse(parse("0x1p16383").plus(parse("0x1p16383")).isFinite());
    }
}
