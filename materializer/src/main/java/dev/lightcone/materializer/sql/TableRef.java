package dev.lightcone.materializer.sql;

/**
 * A relation in FROM or JOIN.
 *
 * @param name  the table (or view) name as written
 * @param alias the alias, or the name when none was given
 */
public record TableRef(String name, String alias) {
}
