package dev.lightcone.sats.moduledef;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseConversionTest {

    @ParameterizedTest
    @CsvSource({
        "one_u8, one_u_8",
        "PlayerState, player_state",
        "HTTPServer, http_server",
        "person, person",
        "playerState, player_state",
        "Vec3D, vec_3_d",
        "already_snake_case, already_snake_case",
        "__private, private",
        "getHTTPResponseCode, get_http_response_code",
        "ABC, abc",
    })
    void snakeCase(String source, String expected) {
        assertEquals(expected, CaseConversion.toSnakeCase(source));
    }

    @ParameterizedTest
    @CsvSource({
        "player_state, PlayerState",
        "person, Person",
        "HTTPServer, HttpServer",
        "one_u8, OneU8",
    })
    void pascalCase(String source, String expected) {
        assertEquals(expected, CaseConversion.toPascalCase(source));
    }

    @ParameterizedTest
    @CsvSource({
        "Active, active",
        "PlayerState, playerState",
        "player_state, playerState",
        "HTTPServer, httpServer",
    })
    void camelCase(String source, String expected) {
        assertEquals(expected, CaseConversion.toCamelCase(source));
    }
}
