package dev.lightcone.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lightcone.executor.examples.ExampleModules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every example module built from {@code modules/} loads, validates and runs its {@code init}. */
class ExampleModulesLoadTest {
    @ParameterizedTest
    @ValueSource(strings = {"quickstart-chat", "guide", "bank", "feature-schedule", "feature-views",
            "feature-procedures", "feature-hostile", "feature-syntax", "feature-minimal",
            "feature-lifecycle"})
    void loads(String name) {
        try (TestDatabase db = TestDatabase.load(ExampleModules.path(name))) {
            assertFalse(db.host().schema().reducers().isEmpty());
        }
    }
}
