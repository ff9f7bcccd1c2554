package io.coterie.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;

/**
 * {@code net.openhft.chronicle.hash.VanillaGlobalMutableState$$Native} is chronicle-values' generated
 * implementation, shipped compiled so that opening a map does not run javac (seconds per start). This
 * fails when the shipped source differs from what the chronicle-values on the class path generates
 * (a Chronicle upgrade could change the layout of the map header); to regenerate, write
 * {@link #generatedSource()} over the file, keeping its comment header.
 */
class PregeneratedValueClassesTest {

    private static final String CLASS = "VanillaGlobalMutableState$$Native";
    private static final Path SOURCE = Path.of("src/main/java/net/openhft/chronicle/hash/" + CLASS + ".java");

    @Test
    void shippedSourceMatchesWhatChronicleValuesGenerates() throws Exception {
        String shipped = Files.readString(SOURCE, StandardCharsets.UTF_8);
        String body = shipped.substring(shipped.indexOf("package "));
        assertEquals(generatedSource(), body, SOURCE + " is stale: regenerate it (see this test's comment)");
    }

    @Test
    void chronicleValuesUsesTheShippedClass() throws Exception {
        assertSame(Class.forName("net.openhft.chronicle.hash." + CLASS),
                Values.nativeClassFor(VanillaGlobalMutableState.class));
    }

    static String generatedSource() throws Exception {
        Class<?> modelClass = Class.forName("net.openhft.chronicle.values.ValueModel");
        Method acquire = modelClass.getDeclaredMethod("acquire", Class.class);
        acquire.setAccessible(true);
        Object model = acquire.invoke(null, VanillaGlobalMutableState.class);
        Method generate = Class.forName("net.openhft.chronicle.values.Generators")
                .getDeclaredMethod("generateNativeClass", modelClass, String.class);
        generate.setAccessible(true);
        return (String) generate.invoke(null, model, CLASS);
    }
}
