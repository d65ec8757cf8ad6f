package dev.lightcone.sats.moduledef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LightconeViewsSectionTest {

    @Test
    void parsesConcatenatedRecords() {
        SqlViewSchema a = new SqlViewSchema("adults", "SELECT * FROM person WHERE age >= 18", true, "Person");
        SqlViewSchema b = new SqlViewSchema("secrets", "SELECT * FROM secret", false, "Secret");
        byte[] first = LightconeViewsSection.encode(List.of(a));
        byte[] second = LightconeViewsSection.encode(List.of(b));
        byte[] linked = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, linked, first.length, second.length);
        assertEquals(List.of(a, b), LightconeViewsSection.parse(linked));
    }

    @Test
    void emptySectionHasNoViews() {
        assertEquals(List.of(), LightconeViewsSection.parse(new byte[0]));
    }

    @Test
    void truncatedRecordNamesTheEntry() {
        byte[] bytes = LightconeViewsSection.encode(List.of(new SqlViewSchema("v", "SELECT 1", true, "T"),
                new SqlViewSchema("w", "SELECT 2", true, "T")));
        ModuleDefDecodeException e = assertThrows(ModuleDefDecodeException.class,
                () -> LightconeViewsSection.parse(Arrays.copyOf(bytes, bytes.length - 1)));
        assertEquals("lightcone.views entry #1", e.section().orElseThrow());
    }
}
