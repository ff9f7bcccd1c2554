package io.coterie.server.command.strings;

import io.coterie.server.command.CommandError;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A C {@code long double} as Redis on x86-64 Linux has it: the x87 80-bit extended format, with a
 * 64-bit significand, round-half-even arithmetic and gradual underflow. INCRBYFLOAT computes in it,
 * so matching Redis's replies digit for digit (0.1 + 0.2 = "0.3", not Java's 0.30000000000000004)
 * needs the same precision, the same parser (strtold via string2ld) and the same printer
 * ("%.17Lf" with trailing zeros removed, ld2string's LD_STR_HUMAN).
 *
 * <p>A finite value is exactly {@code ±significand × 2^exponent}; all arithmetic is exact on
 * BigInteger and rounded once, as the hardware does.
 */
final class LongDouble {

    private static final int SIGNIFICAND_BITS = 64;
    /** Exponent of the smallest denormal, 2^-16445. */
    private static final int MIN_EXPONENT = -16445;
    /** Largest exponent with a 64-bit significand below 2^16384, the format's overflow threshold. */
    private static final int MAX_EXPONENT = 16384 - SIGNIFICAND_BITS;
    /** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses input of this length or longer. */
    private static final int MAX_CHARS = 5 * 1024;
    /** Digits after the point in "%.17Lf". */
    private static final int PRINTED_DECIMALS = 17;
    private static final BigInteger PRINT_SCALE = BigInteger.TEN.pow(PRINTED_DECIMALS);

    static final LongDouble ZERO = new LongDouble(false, BigInteger.ZERO, 0);
    private static final LongDouble INFINITY = new LongDouble(false, null, 0);

    private final boolean negative;
    /** Null for an infinity (or the NaN a sum of opposite infinities makes: callers treat both alike). */
    private final BigInteger significand;
    private final int exponent;

    private LongDouble(boolean negative, BigInteger significand, int exponent) {
        this.negative = negative;
        this.significand = significand;
        this.exponent = exponent;
    }

    boolean isFinite() {
        return significand != null;
    }

    /**
     * Parses as Redis's string2ld: strtold's syntax (decimal, hexadecimal "0x1.8p3", "inf",
     * "infinity"), no leading white space, nothing left over, no NaN, and no overflow or underflow
     * to zero. "inf" is accepted here; the sum then fails as Redis's does.
     */
    static LongDouble parse(byte[] s) {
        if (s.length == 0 || s.length >= MAX_CHARS || isCSpace(s[0])) {
            throw CommandError.notFloat();
        }
        String text = new String(s, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        String body = text.substring(i);
        if (body.equals("inf") || body.equals("infinity")) {
            return INFINITY;
        }
        LongDouble value = body.startsWith("0x") ? parseHex(negative, body.substring(2)) : parseDecimal(negative, body);
        if (value == null) {
            throw CommandError.notFloat();
        }
        return value;
    }

    /** The exactly rounded sum, as x87 addition. */
    LongDouble plus(LongDouble other) {
        if (!isFinite() || !other.isFinite()) {
            return INFINITY;
        }
        int base = Math.min(exponent, other.exponent);
        BigInteger sum = signed().shiftLeft(exponent - base).add(other.signed().shiftLeft(other.exponent - base));
        return fromBinary(sum.signum() < 0, sum.abs(), base);
    }

    /** Redis's human-friendly form: "%.17Lf", trailing zeros and a bare point removed, "-0" as "0". */
    String toHumanString() {
        if (!isFinite()) {
            throw new IllegalStateException("not finite");
        }
        BigInteger scaled;
        if (exponent >= 0) {
            scaled = significand.shiftLeft(exponent).multiply(PRINT_SCALE);
        } else {
            scaled = roundHalfEven(significand.multiply(PRINT_SCALE), BigInteger.ONE.shiftLeft(-exponent));
        }
        String digits = scaled.toString();
        if (digits.length() <= PRINTED_DECIMALS) {
            digits = "0".repeat(PRINTED_DECIMALS + 1 - digits.length()) + digits;
        }
        String integerPart = digits.substring(0, digits.length() - PRINTED_DECIMALS);
        String fraction = digits.substring(digits.length() - PRINTED_DECIMALS).replaceFirst("0+$", "");
        String sign = negative && scaled.signum() != 0 ? "-" : "";
        return sign + integerPart + (fraction.isEmpty() ? "" : "." + fraction);
    }

    private BigInteger signed() {
        return negative ? significand.negate() : significand;
    }

    /** Digits, an optional point, at least one digit, an optional exponent; null if that is not all there is or out of range. */
    private static LongDouble parseDecimal(boolean negative, String body) {
        int n = body.length();
        int i = 0;
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        while (i < n && isDigit(body.charAt(i))) {
            digits.append(body.charAt(i++));
        }
        if (i < n && body.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(body.charAt(i))) {
                digits.append(body.charAt(i++));
                fractionDigits++;
            }
        }
        if (digits.length() == 0) {
            return null;
        }
        long exponent10 = 0;
        if (i < n && body.charAt(i) == 'e') {
            Long e = parseExponent(body, i + 1);
            if (e == null) {
                return null;
            }
            exponent10 = e;
            i = n;
        }
        if (i != n) {
            return null;
        }
        BigInteger mantissa = new BigInteger(digits.toString());
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        long scale = exponent10 - fractionDigits;
        // Decide far-out magnitudes without building huge powers: the format spans about 3.6e-4951 .. 1.2e4932.
        long order = mantissa.toString().length() + scale;
        if (order > 4933 || order < -4951) {
            return null;
        }
        BigInteger num = scale >= 0 ? mantissa.multiply(BigInteger.TEN.pow((int) scale)) : mantissa;
        BigInteger den = scale >= 0 ? BigInteger.ONE : BigInteger.TEN.pow((int) -scale);
        return inRange(fromRational(negative, num, den));
    }

    /** After "0x": hex digits with an optional point (at least one digit) and an optional "p" exponent. */
    private static LongDouble parseHex(boolean negative, String body) {
        int n = body.length();
        int i = 0;
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        while (i < n && Character.digit(body.charAt(i), 16) >= 0) {
            digits.append(body.charAt(i++));
        }
        if (i < n && body.charAt(i) == '.') {
            i++;
            while (i < n && Character.digit(body.charAt(i), 16) >= 0) {
                digits.append(body.charAt(i++));
                fractionDigits++;
            }
        }
        if (digits.length() == 0) {
            return null; // strtold read only the "0" before the 'x'
        }
        long exponent2 = 0;
        if (i < n && body.charAt(i) == 'p') {
            Long e = parseExponent(body, i + 1);
            if (e == null) {
                return null;
            }
            exponent2 = e;
            i = n;
        }
        if (i != n) {
            return null;
        }
        BigInteger mantissa = new BigInteger(digits.toString(), 16);
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        long shift = exponent2 - 4L * fractionDigits;
        long order = mantissa.bitLength() + shift;
        if (order > 16384 || order < MIN_EXPONENT - 1) {
            return null;
        }
        return inRange(fromBinary(negative, mantissa, (int) shift));
    }

    /** An optional sign and at least one digit to the end of the string, saturated far beyond any useful range. */
    private static Long parseExponent(String body, int from) {
        int i = from;
        boolean negative = false;
        if (i < body.length() && (body.charAt(i) == '+' || body.charAt(i) == '-')) {
            negative = body.charAt(i) == '-';
            i++;
        }
        if (i == body.length()) {
            return null;
        }
        long value = 0;
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!isDigit(c)) {
                return null;
            }
            value = Math.min(value * 10 + (c - '0'), 1_000_000_000L);
        }
        return negative ? -value : value;
    }

    private static LongDouble fromBinary(boolean negative, BigInteger magnitude, int exponent2) {
        if (exponent2 >= 0) {
            return fromRational(negative, magnitude.shiftLeft(exponent2), BigInteger.ONE);
        }
        return fromRational(negative, magnitude, BigInteger.ONE.shiftLeft(-exponent2));
    }

    /** The long double nearest to num/den (round half to even), an infinity on overflow, zero on total underflow. */
    private static LongDouble fromRational(boolean negative, BigInteger num, BigInteger den) {
        if (num.signum() == 0) {
            return ZERO;
        }
        // num/den lies in [2^(nb-db-1), 2^(nb-db+1)), so this exponent puts the quotient at 64 or 65 bits.
        int e = Math.max(num.bitLength() - den.bitLength() - SIGNIFICAND_BITS, MIN_EXPONENT);
        BigInteger q = scaledQuotient(num, den, e);
        if (q.bitLength() > SIGNIFICAND_BITS) {
            e++;
            q = scaledQuotient(num, den, e);
        }
        if (q.bitLength() > SIGNIFICAND_BITS) {
            q = q.shiftRight(1); // rounding carried into a new bit: 2^64 becomes 2^63 (exact)
            e++;
        }
        if (e > MAX_EXPONENT) {
            return INFINITY;
        }
        if (q.signum() == 0) {
            return ZERO;
        }
        return new LongDouble(negative, q, e);
    }

    /** round(num / (den * 2^e)) to an integer, half to even. */
    private static BigInteger scaledQuotient(BigInteger num, BigInteger den, int e) {
        BigInteger n = e < 0 ? num.shiftLeft(-e) : num;
        BigInteger d = e > 0 ? den.shiftLeft(e) : den;
        return roundHalfEven(n, d);
    }

    private static BigInteger roundHalfEven(BigInteger n, BigInteger d) {
        BigInteger[] qr = n.divideAndRemainder(d);
        int half = qr[1].shiftLeft(1).compareTo(d);
        if (half > 0 || (half == 0 && qr[0].testBit(0))) {
            return qr[0].add(BigInteger.ONE);
        }
        return qr[0];
    }

    /**
     * A non-zero literal that overflowed or underflowed to zero is refused, as string2ld refuses
     * strtold's ERANGE results that are HUGE_VAL or zero; null stands for refused.
     */
    private static LongDouble inRange(LongDouble parsedNonZero) {
        return parsedNonZero.isFinite() && parsedNonZero.significand.signum() != 0 ? parsedNonZero : null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isCSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }
}
